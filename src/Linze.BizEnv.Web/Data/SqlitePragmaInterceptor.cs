using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// Sets per-connection SQLite pragmas. WAL lets readers proceed while one writer writes; the busy timeout
/// makes a writer wait for the lock instead of failing with "database is locked". WAL itself is persistent
/// and is switched on once by <see cref="Seeding.DatabaseInitialiser"/>.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const int BusyTimeoutSeconds = 30;

    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
