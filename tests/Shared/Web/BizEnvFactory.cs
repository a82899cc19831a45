using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.Tests;

/// <summary>
/// The portal over its own database (a SQLite file, or a PostgreSQL database: see <see cref="TestDatabase"/>), seeded
/// the way a fresh install is, with a clock the tests control and a known password for the bootstrap administrator.
/// Pass an existing <see cref="Database"/> to start a second instance on the same database.
/// </summary>
public class BizEnvFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Bootstrap-K3y!Linze";
    public const string UserPassword = "Tongguo-2026!pass";

    private readonly bool _ownsDatabase;
    private readonly bool _loadDefaultList;
    private HttpClient? _viewer;

    /// <summary>A fresh, seeded database: what xunit builds for a collection fixture (which allows one public constructor).</summary>
    public BizEnvFactory()
        : this(null)
    {
    }

    protected internal BizEnvFactory(string? database, bool loadDefaultList = true)
    {
        _ownsDatabase = database is null;
        _loadDefaultList = loadDefaultList;
        Database = database ?? TestDatabase.NewName();
        if (_ownsDatabase)
        {
            TestDatabase.Create(Database);
        }
    }

    /// <summary>The SQLite database file, or the PostgreSQL database's name.</summary>
    public string Database { get; }

    /// <summary>The SQLite database file (for the tests of SQLite itself).</summary>
    public string DatabaseFile => TestDatabase.IsPostgreSql ? throw new InvalidOperationException("a PostgreSQL portal has no database file") : Database;

    /// <summary>Where this portal keeps evidence files (never the source tree).</summary>
    public string EvidenceDirectory { get; } = Path.Combine(Path.GetTempPath(), $"bizenv-evidence-{Guid.NewGuid():N}");

    /// <summary>Where this portal keeps its data-protection key ring: beside its database, so instances on one database share it.</summary>
    public string KeysDirectory => TestDatabase.IsPostgreSql ? Path.Combine(Path.GetTempPath(), Database + ".keys") : Database + ".keys";

    /// <summary>How many evidence files are on disk.</summary>
    public int EvidenceFileCount => Directory.Exists(EvidenceDirectory) ? Directory.GetFiles(EvidenceDirectory, "*", SearchOption.AllDirectories).Length : 0;

    /// <summary>The portal's clock, from now to the whole second: PostgreSQL keeps times to the microsecond, so a time read back equals the clock's on every provider.</summary>
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>
    /// Every query the portals run is also translated for SQL Server (<see cref="SqlServerTranslationCheck"/>). One
    /// instance for all: a portal with interceptors of its own gets a model of its own, which the portal's static
    /// compiled queries refuse.
    /// </summary>
    public static SqlServerTranslationCheck SqlServerCheck { get; } = new();

    /// <summary>What the portal logged at Warning and above.</summary>
    public LogCapture LogEvents { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", TestDatabase.Provider);
        builder.UseSetting("ConnectionStrings:BizEnv", TestDatabase.ConnectionString(Database));
        builder.UseSetting("Seed:LoadDefaultList", _loadDefaultList ? "true" : "false");
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Evidence:Path", EvidenceDirectory);
        builder.UseSetting("Import:StagingPath", Path.Combine(EvidenceDirectory, "imports"));
        builder.UseSetting("DataProtection:KeysPath", KeysDirectory);
        builder.UseSetting("Logging:File:Path", "");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Tests deliver the outbox themselves (NotificationSender.SendDueAsync), at moments they choose.
        builder.UseSetting("Notifications:SenderEnabled", "false");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Serilog.Core.ILogEventSink>(LogEvents);
            services.AddSingleton<IStartupFilter, LoopbackClientFilter>();
            AddDbInterceptors(services, SqlServerCheck);
        });
    }

    /// <summary>Adds interceptors to the portal's database context, whichever provider it runs on.</summary>
    protected static void AddDbInterceptors(IServiceCollection services, params IInterceptor[] interceptors)
    {
        if (TestDatabase.IsPostgreSql)
        {
            services.ConfigureDbContext<PostgreSqlBizEnvDbContext>(o => o.AddInterceptors(interceptors));
        }
        else
        {
            services.ConfigureDbContext<SqliteBizEnvDbContext>(o => o.AddInterceptors(interceptors));
        }
    }

    /// <summary>Runs <paramref name="work"/> against the portal's database in a fresh scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<BizEnvDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BizEnvDbContext>());
    }

    /// <summary>Creates an account with <see cref="UserPassword"/>, already past its first-login password change unless asked.</summary>
    public async Task<string> CreateUserAsync(string role, string? unitName = null, bool mustChangePassword = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        int? unitId = unitName is null ? null : await db.Units.Where(u => u.Name == unitName).Select(u => u.Id).SingleAsync();
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..16];
        await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(name, null, role, unitId, UserPassword);

        if (!mustChangePassword)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(name);
            user!.MustChangePassword = false;
            await users.UpdateAsync(user);
        }

        return name;
    }

    /// <summary>A client that does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBareClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A session signed in through the login form.</summary>
    public async Task<WebSession> SignInAsync(string userName, string password = UserPassword)
    {
        var session = new WebSession(CreateBareClient());
        var response = await session.LoginAsync(userName, password);
        if (response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) != false)
        {
            throw new InvalidOperationException($"login as {userName} failed: {(int)response.StatusCode}");
        }

        return session;
    }

    /// <summary>A shared client signed in as a read-only user, for the page tests.</summary>
    public async Task<HttpClient> ViewerClientAsync() =>
        _viewer ??= (await SignInAsync(await CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer))).Client;

    /// <summary>TestServer requests have no remote address; Kestrel's would. Give them the loopback one.</summary>
    private sealed class LoopbackClientFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            SqliteConnection.ClearAllPools();
            foreach (var folder in new[] { EvidenceDirectory, KeysDirectory })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            if (TestDatabase.IsPostgreSql)
            {
                TestDatabase.Drop(Database);
                return;
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Database + suffix);
            }
        }
    }
}
