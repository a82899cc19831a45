using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Linze.BizEnv.Web.Data;

/// <summary>
/// Sets per-connection SQLite pragmas. WAL lets readers proceed while one writer writes; the busy timeout
/// makes a writer wait for the lock instead of failing with "database is locked". WAL itself is persistent
/// and is switched on once by <see cref="Seeding.DatabaseInitialiser"/>.
/// Pragmas belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on every
/// <c>Open</c>: they are set once per native connection, not on every open (that cost half a millisecond a query).
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const int BusyTimeoutSeconds = 30;

    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True the first time a native connection is seen (connections without a handle always get them).</summary>
    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
