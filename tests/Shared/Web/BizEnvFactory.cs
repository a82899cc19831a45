using Linze.BizEnv.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.Tests;

/// <summary>
/// The portal over its own SQLite database file, seeded the way a fresh install is. Pass an existing
/// <paramref name="databaseFile"/> to start a second instance on the same database.
/// </summary>
public class BizEnvFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDatabase;
    private readonly bool _loadDefaultList;

    /// <summary>A fresh, seeded database: what xunit builds for a collection fixture (which allows one public constructor).</summary>
    public BizEnvFactory()
        : this(null)
    {
    }

    protected internal BizEnvFactory(string? databaseFile, bool loadDefaultList = true)
    {
        _ownsDatabase = databaseFile is null;
        _loadDefaultList = loadDefaultList;
        DatabaseFile = databaseFile ?? Path.Combine(Path.GetTempPath(), $"bizenv-test-{Guid.NewGuid():N}.db");
    }

    public string DatabaseFile { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:BizEnv", $"Data Source={DatabaseFile}");
        builder.UseSetting("Seed:LoadDefaultList", _loadDefaultList ? "true" : "false");
        builder.UseSetting("Logging:File:Path", "");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    /// <summary>Runs <paramref name="work"/> against the portal's database in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<BizEnvDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BizEnvDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabaseFile + suffix);
            }
        }
    }
}
