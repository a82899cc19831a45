using Linze.BizEnv.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Linze.BizEnv.Tests;

/// <summary>
/// Which database the portal under test runs on: SQLite (a file per portal) unless <c>BIZENV_TEST_PROVIDER=PostgreSQL</c>,
/// when each portal gets its own database on the server named by <c>BIZENV_TEST_PG</c> (a connection string without a
/// database, e.g. <c>Host=127.0.0.1;Port=5433;Username=postgres</c>), created for it and dropped after it.
/// <c>scripts/test.sh</c> runs the integration tests once each way.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgreSql { get; } =
        string.Equals(Environment.GetEnvironmentVariable("BIZENV_TEST_PROVIDER"), "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of <c>Database:Provider</c> for the portal under test.</summary>
    public static string Provider => IsPostgreSql ? "PostgreSQL" : "Sqlite";

    private static string Server => Environment.GetEnvironmentVariable("BIZENV_TEST_PG") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("BIZENV_TEST_PROVIDER=PostgreSQL needs BIZENV_TEST_PG, a connection string to the test server (scripts/test.sh sets both).");

    /// <summary>A new database's name: a temporary SQLite file, or a PostgreSQL database name.</summary>
    public static string NewName() => IsPostgreSql
        ? $"bizenv_test_{Guid.NewGuid():N}"
        : Path.Combine(Path.GetTempPath(), $"bizenv-test-{Guid.NewGuid():N}.db");

    /// <summary>The portal's <c>ConnectionStrings:BizEnv</c> for the database <paramref name="name"/>.</summary>
    public static string ConnectionString(string name) => IsPostgreSql
        ? new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString
        : $"Data Source={name}";

    /// <summary>Creates an empty PostgreSQL database, as an administrator would before the portal's first start (a SQLite file is created by the portal).</summary>
    public static void Create(string name)
    {
        if (IsPostgreSql)
        {
            Administer($"CREATE DATABASE \"{name}\"");
        }
    }

    /// <summary>Drops a PostgreSQL database, ending any connection still open on it.</summary>
    public static void Drop(string name)
    {
        if (IsPostgreSql)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString(name)))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            Administer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    /// <summary>A context on the database that may read but not write (SQLite's read-only mode, PostgreSQL's read-only transactions).</summary>
    public static BizEnvDbContext ReadOnlyContext(string name) => IsPostgreSql
        ? new PostgreSqlBizEnvDbContext(new DbContextOptionsBuilder<PostgreSqlBizEnvDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(ConnectionString(name)) { Options = "-c default_transaction_read_only=on" }.ConnectionString).Options)
        : new SqliteBizEnvDbContext(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite($"Data Source={name};Mode=ReadOnly").Options);

    private static void Administer(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>A test that needs SQLite itself (its file, its pragmas, its backup); skipped on PostgreSQL with the reason given.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string reason) => Skip = TestDatabase.IsPostgreSql ? "SQLite only: " + reason : null;
}

/// <summary>The <see cref="SqliteOnlyFactAttribute"/> of a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteOnlyTheoryAttribute : TheoryAttribute
{
    public SqliteOnlyTheoryAttribute(string reason) => Skip = TestDatabase.IsPostgreSql ? "SQLite only: " + reason : null;
}

/// <summary>A test of what only PostgreSQL does (its advice in place of SQLite's file backup); skipped on SQLite with the reason given.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlOnlyFactAttribute : FactAttribute
{
    public PostgreSqlOnlyFactAttribute(string reason) => Skip = TestDatabase.IsPostgreSql ? null : "PostgreSQL only: " + reason;
}
