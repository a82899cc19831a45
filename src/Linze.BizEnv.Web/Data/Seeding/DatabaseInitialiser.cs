using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>Migrates the database and loads the default list into an empty one. Safe to run at every start.</summary>
public sealed class DatabaseInitialiser(
    BizEnvDbContext db,
    ListStore lists,
    AccountBootstrapper accounts,
    IOptions<SeedOptions> seedOptions,
    ILogger<DatabaseInitialiser> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Applied {Count} migrations: {Migrations}", pending.Count, pending);
        }

        return pending;
    }

    /// <summary>Loads the default list when the database has no list at all; returns whether it loaded.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        var options = seedOptions.Value;
        if (!options.LoadDefaultList || await db.Lists.AnyAsync(ct))
        {
            return false;
        }

        var path = Path.IsPathRooted(options.DefaultListPath)
            ? options.DefaultListPath
            : Path.Combine(AppContext.BaseDirectory, options.DefaultListPath);
        var document = await SeedFile.ReadAsync(path, ct);
        await lists.AddAsync(document, ct);
        logger.LogInformation("Loaded the default list {Title} with {Indicators} indicators from {Path}",
            document.Title, document.Indicators.Count, path);
        return true;
    }

    /// <summary>Migrate, load the default list into an empty database, and make sure an administrator exists.</summary>
    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        await SeedAsync(ct);
        await accounts.EnsureAsync();
    }
}
