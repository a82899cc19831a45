using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>
/// Several instances starting at once on one PostgreSQL database take turns to migrate, seed and import keys: each holds
/// a session advisory lock for the whole start (released by the server when the session ends, also when the process
/// dies), so the second finds the first's work done instead of applying a migration twice or seeding the list twice
/// (ADR-0020). SQLite serves one machine and has its own migration lock; SQL Server's migrations take an application
/// lock themselves.
/// </summary>
internal sealed class StartLock : IAsyncDisposable
{
    // Any constant of the portal's own: advisory locks are per database, so instances of other portals do not meet it.
    private const long Key = 0x4C696E7A6542;

    private readonly NpgsqlConnection? _connection;

    private StartLock(NpgsqlConnection? connection) => _connection = connection;

    public static async Task<StartLock> AcquireAsync(BizEnvDbContext db, ILogger logger, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return new StartLock(null);
        }

        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        for (var attempt = 1; ; attempt++)
        {
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName && attempt == 1)
            {
                // No database yet: create it (another instance may be creating it at this moment too), then lock it.
                await connection.DisposeAsync();
                try
                {
                    await db.GetService<IRelationalDatabaseCreator>().CreateAsync(ct);
                }
                catch (PostgresException created) when (created.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                }

                continue;
            }

            await using var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Key})", connection);
            if (await tryLock.ExecuteScalarAsync(ct) is not true)
            {
                logger.LogInformation("另一个实例正在升级或初始化数据库，等待其完成……Waiting for another instance's start");
                await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection) { CommandTimeout = 0 };
                await wait.ExecuteNonQueryAsync(ct);
            }

            return new StartLock(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync(); // the session ends and its advisory lock with it
        }
    }
}
