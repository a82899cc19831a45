using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Linze.BizEnv.Web.Data;

/// <summary>The target database cannot take the copy (it holds rows, or an older schema); nothing was written to it.</summary>
public sealed class CopyRefusedException(string message) : Exception(message);

/// <summary>What a copy found when it compared the target with the source.</summary>
public sealed record CopyReport(
    IReadOnlyList<(string Table, long Source, long Target)> Tables,
    int EvidenceChecked,
    IReadOnlyList<string> EvidenceMissingAtSource,
    IReadOnlyList<string> EvidenceNotEqual)
{
    public bool AllEqual => Tables.All(t => t.Source == t.Target) && EvidenceNotEqual.Count == 0;
}

/// <summary>
/// Copies every row of the model, keys and all, from one database into an empty one of any provider migrated to the
/// same schema, and the evidence files the rows refer to; then compares the two (ADR-0021). Generic over the EF model:
/// a table added to the model is copied without a change here.
/// </summary>
public sealed class DatabaseCopy(BizEnvDbContext source, string sourceEvidence, BizEnvDbContext target, string targetEvidence, TextWriter output)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// A context on <paramref name="connectionString"/> without the portal's interceptors: the copy writes rows as they
    /// are, so the audit trail gets no line for them and no time stamp moves.
    /// </summary>
    public static BizEnvDbContext OpenBare(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteBizEnvDbContext(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite(connectionString).Options),
        DatabaseProvider.SqlServer => new SqlServerBizEnvDbContext(new DbContextOptionsBuilder<SqlServerBizEnvDbContext>().UseSqlServer(connectionString).Options),
        DatabaseProvider.PostgreSQL => new PostgreSqlBizEnvDbContext(new DbContextOptionsBuilder<PostgreSqlBizEnvDbContext>().UseNpgsql(connectionString).Options),
        _ => throw new InvalidOperationException($"不支持的数据库类型：{provider}。可选 Sqlite、SqlServer 或 PostgreSQL。"),
    };

    /// <summary>
    /// The model's tables in an order that puts every principal before its dependents, ties broken by name. A foreign
    /// key from a table to itself does not order tables (its rows are ordered instead, see <see cref="RowsInKeyOrder"/>);
    /// a cycle between tables cannot be ordered and is refused, naming the tables (the model has none, a test says so).
    /// </summary>
    public static IReadOnlyList<IEntityType> TablesInCopyOrder(IModel model)
    {
        if (model.GetEntityTypes().FirstOrDefault(e => e.IsOwned()) is { } owned)
        {
            throw new NotSupportedException($"copy-database copies whole rows per entity type; owned type {owned.Name} needs its owner's copy first (ADR-0021).");
        }

        var tables = model.GetEntityTypes()
            .Where(e => e.BaseType is null && e.GetTableName() is not null && e.FindPrimaryKey() is not null)
            .OrderBy(e => e.GetSchemaQualifiedTableName(), StringComparer.Ordinal)
            .ToList();
        if (tables.GroupBy(e => e.GetSchemaQualifiedTableName()).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            throw new NotSupportedException($"copy-database copies a table per entity type; {shared.Key} is shared by {string.Join(", ", shared.Select(e => e.Name))} (ADR-0021).");
        }

        var principals = tables.ToDictionary(t => t, t => t.GetDerivedTypesInclusive()
            .SelectMany(e => e.GetDeclaredForeignKeys())
            .Select(fk => fk.PrincipalEntityType.GetRootType())
            .Where(p => p != t)
            .ToHashSet());
        var ordered = new List<IEntityType>();
        while (ordered.Count < tables.Count)
        {
            var next = tables.FirstOrDefault(t => !ordered.Contains(t) && principals[t].All(ordered.Contains))
                ?? throw new InvalidOperationException("copy-database cannot order tables whose foreign keys form a cycle: "
                    + string.Join(", ", tables.Except(ordered).Select(t => t.GetTableName())));
            ordered.Add(next);
        }

        return ordered;
    }

    /// <summary>Tables of the target's own (not the system's): a database of another application is not empty.</summary>
    private static async Task<long> UserTablesAsync(BizEnvDbContext db, CancellationToken ct)
    {
        var sql = db.Database.IsSqlite() ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : db.Database.IsNpgsql() ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            : "SELECT COUNT_BIG(*) FROM INFORMATION_SCHEMA.TABLES";
        return await ReadAsync(db, sql, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), ct).SingleAsync(ct);
    }

    /// <summary>Copies, verifies and reports. Throws <see cref="CopyRefusedException"/> before writing anything when the target is not empty.</summary>
    public async Task<CopyReport> RunAsync(CancellationToken ct = default)
    {
        if ((await source.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            throw new CopyRefusedException("源数据库的结构不是最新版本，请先运行 migrate 升级源数据库，再复制。");
        }

        if (await target.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            if (!(await target.Database.GetAppliedMigrationsAsync(ct)).Any())
            {
                if (await UserTablesAsync(target, ct) > 0)
                {
                    throw new CopyRefusedException("目标数据库中已有其他表（不是本门户的数据库），不是空库，未写入任何内容。请为门户新建一个空库后再复制。");
                }
            }
            else if ((await target.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                throw new CopyRefusedException("目标数据库已有较旧版本的门户数据结构，不是空库，未写入任何内容。请删除目标数据库并重新建一个空库后再复制。");
            }
        }

        var tables = TablesInCopyOrder(source.Model);
        await target.Database.MigrateAsync(ct);
        if (target.Database.IsSqlite())
        {
            await target.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }

        var occupied = new List<string>();
        foreach (var table in tables)
        {
            if (await CountAsync(target, table, ct) > 0)
            {
                occupied.Add(table.GetTableName()!);
            }
        }

        if (occupied.Count > 0)
        {
            throw new CopyRefusedException($"目标数据库不是空库（{string.Join("、", occupied)} 中已有数据），未写入任何内容。复制只能写入空库：请删除目标数据库并重新建一个空库，或换一个新的数据库名。");
        }

        // One snapshot of the source (a portal still running may write meanwhile) and one transaction on the target:
        // a failure leaves the target as empty as it was.
        var reading = await BeginSnapshotAsync(ct);
        try
        {
            return await CopyAndVerifyAsync(tables, ct);
        }
        finally
        {
            await reading.DisposeAsync();
            await source.Database.UseTransactionAsync(null, CancellationToken.None);
        }
    }

    private async Task<CopyReport> CopyAndVerifyAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        var counts = new List<(string Table, long Source, long Target)>();
        // Read once, in the source's snapshot: the files to copy are the files to check.
        var hashes = await EvidenceHashesAsync(tables, ct);
        await using (var writing = await target.Database.BeginTransactionAsync(ct))
        {
            target.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var table in tables)
            {
                var total = await CountAsync(source, table, ct);
                await CopyTableAsync(table, total, ct);
                counts.Add((table.GetTableName()!, total, 0));
            }

            await ResetIdentitySequencesAsync(tables, ct);
            await CopyEvidenceAsync(hashes, ct);
            await writing.CommitAsync(ct);
        }

        for (var i = 0; i < counts.Count; i++)
        {
            counts[i] = counts[i] with { Target = await CountAsync(target, tables[i], ct) };
        }

        var missing = hashes.Where(h => !File.Exists(EvidenceStore.PathIn(sourceEvidence, h))).ToList();
        var notEqual = new List<string>();
        foreach (var hash in hashes.Except(missing))
        {
            if (!await HasContentAsync(EvidenceStore.PathIn(targetEvidence, hash), hash, ct))
            {
                notEqual.Add(hash);
            }
        }

        return new CopyReport(counts, hashes.Count - missing.Count, missing, notEqual);
    }

    /// <summary>
    /// A read transaction that sees the source as it was when the copy began: SQLite's deferred transaction (WAL lets
    /// the portal keep writing), PostgreSQL's repeatable read. SQL Server gives a snapshot only when the database allows
    /// it, so there the portal must be stopped (README).
    /// </summary>
    private async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken ct)
    {
        if (source.Database.IsSqlite())
        {
            await source.Database.OpenConnectionAsync(ct);
            var transaction = ((Microsoft.Data.Sqlite.SqliteConnection)source.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await source.Database.UseTransactionAsync(transaction, ct);
            return transaction;
        }

        return await source.Database.BeginTransactionAsync(source.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, ct);
    }

    private Task CopyTableAsync(IEntityType table, long total, CancellationToken ct) =>
        (Task)typeof(DatabaseCopy).GetMethod(nameof(CopyRowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(table.ClrType).Invoke(this, [table, total, ct])!;

    /// <summary>
    /// Reads a batch in key order (tracked, so shadow properties come along; archived rows too) and adds a copy of each
    /// row's values, keys, concurrency tokens and all, to the target. SQL Server takes explicit identity values only
    /// with IDENTITY_INSERT on for the table.
    /// </summary>
    private async Task CopyRowsAsync<T>(IEntityType table, long total, CancellationToken ct)
        where T : class
    {
        var identityInsert = target.Database.IsSqlServer() && table.GetProperties().Any(p =>
            Microsoft.EntityFrameworkCore.SqlServerPropertyExtensions.GetValueGenerationStrategy(p) == Microsoft.EntityFrameworkCore.Metadata.SqlServerValueGenerationStrategy.IdentityColumn);
        // Identifiers from the model, delimited by the provider: no user text reaches these statements.
        var identityOn = $"SET IDENTITY_INSERT {Delimited(target, table)} ON";
        var identityOff = $"SET IDENTITY_INSERT {Delimited(target, table)} OFF";
        if (identityInsert)
        {
            await target.Database.ExecuteSqlRawAsync(identityOn, ct);
        }

        var rows = RowsInKeyOrder(table, table.HasSharedClrType ? source.Set<T>(table.Name) : source.Set<T>());
        var into = table.HasSharedClrType ? target.Set<T>(table.Name) : target.Set<T>();
        // The portal keeps every time in UTC; SQLite reads them back without a kind, which PostgreSQL's
        // "timestamp with time zone" refuses: say what they are.
        var utcTimes = target.Database.IsNpgsql();
        long copied = 0;
        while (copied < total)
        {
            var batch = await rows.Skip((int)copied).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var row in batch)
            {
                // A detached clone: its values are set as given (an entry would ignore a change of kind alone).
                var values = source.Entry(row).CurrentValues.Clone();
                foreach (var property in utcTimes ? values.Properties : [])
                {
                    if (values[property] is DateTime { Kind: DateTimeKind.Unspecified } time)
                    {
                        values[property] = DateTime.SpecifyKind(time, DateTimeKind.Utc);
                    }
                }

                var copy = into.Add((T)values.ToObject()).CurrentValues;
                // By name (the two contexts' models are different instances of one model): shadow properties too.
                foreach (var property in copy.Properties)
                {
                    copy[property] = values[property.Name];
                }
            }

            await target.SaveChangesAsync(ct);
            target.ChangeTracker.Clear();
            source.ChangeTracker.Clear();
            copied += batch.Count;
            if (total > BatchSize)
            {
                await output.WriteLineAsync($"  {table.GetTableName()}：{copied}/{total}（{copied * 100 / total}%）");
            }
        }

        if (identityInsert)
        {
            await target.Database.ExecuteSqlRawAsync(identityOff, ct);
        }

        await output.WriteLineAsync($"已复制 {table.GetTableName()}：{copied}/{total} 行");
    }

    /// <summary>
    /// Every row, archived ones included (query filters off), in primary-key order; a table with a foreign key to
    /// itself is read whole-key-ordered too, which puts a principal first whenever keys grow with time (the model has
    /// no such table today; SQLite, PostgreSQL and SQL Server check the key at each insert).
    /// </summary>
    private static IQueryable<T> RowsInKeyOrder<T>(IEntityType table, IQueryable<T> rows)
        where T : class
    {
        IOrderedQueryable<T>? ordered = null;
        foreach (var key in table.FindPrimaryKey()!.Properties)
        {
            ordered = ordered is null
                ? rows.OrderBy(e => EF.Property<object>(e, key.Name))
                : ordered.ThenBy(e => EF.Property<object>(e, key.Name));
        }

        return ordered!.IgnoreQueryFilters();
    }

    /// <summary>PostgreSQL's identity sequences do not move when keys are given: set each to follow the largest key copied.</summary>
    private async Task ResetIdentitySequencesAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        if (!target.Database.IsNpgsql())
        {
            return;
        }

        foreach (var table in tables)
        {
            foreach (var key in table.FindPrimaryKey()!.Properties.Where(p => p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType is var t && (t == typeof(int) || t == typeof(long))))
            {
                var column = key.GetColumnName();
                var name = Delimited(target, table);
                // pg_get_serial_sequence is null for a column without a sequence, and setval(null, ...) does nothing.
                var follow = $"SELECT setval(pg_get_serial_sequence({{0}}, {{1}}), COALESCE(MAX({Delimit(target, column)}), 0) + 1, false) FROM {name}";
                await target.Database.ExecuteSqlRawAsync(follow, [name, column], ct);
            }
        }
    }

    /// <summary>The hashes of the evidence files the rows refer to: every text column whose property's name ends in "Sha256".</summary>
    private async Task<List<string>> EvidenceHashesAsync(IReadOnlyList<IEntityType> tables, CancellationToken ct)
    {
        var hashes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var property in table.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Sha256", StringComparison.Ordinal)))
            {
                var column = Delimit(source, property.GetColumnName());
                await foreach (var value in ReadAsync(source, $"SELECT DISTINCT {column} FROM {Delimited(source, table)} WHERE {column} IS NOT NULL", r => r.GetString(0), ct))
                {
                    hashes.Add(value.Trim());
                }
            }
        }

        return [.. hashes];
    }

    /// <summary>Copies each evidence file the target's folder lacks (through a temporary file), checking its hash as it goes.</summary>
    private async Task CopyEvidenceAsync(List<string> hashes, CancellationToken ct)
    {
        var shared = string.Equals(Path.GetFullPath(sourceEvidence), Path.GetFullPath(targetEvidence), StringComparison.Ordinal);
        var copied = 0;
        foreach (var hash in hashes)
        {
            var from = EvidenceStore.PathIn(sourceEvidence, hash);
            var to = EvidenceStore.PathIn(targetEvidence, hash);
            if (shared || !File.Exists(from) || await HasContentAsync(to, hash, ct))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var temporary = to + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(from, temporary, overwrite: true);
            File.Move(temporary, to, overwrite: true);
            copied++;
        }

        await output.WriteLineAsync(shared
            ? $"佐证材料：源库与目标库共用文件夹 {Path.GetFullPath(targetEvidence)}，无需复制（{hashes.Count} 个文件）。"
            : $"佐证材料：已复制 {copied} 个文件到 {Path.GetFullPath(targetEvidence)}（共 {hashes.Count} 个）。");
    }

    private static async Task<bool> HasContentAsync(string path, string sha256, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct)) == sha256;
    }

    private static async Task<long> CountAsync(BizEnvDbContext db, IEntityType table, CancellationToken ct)
    {
        await foreach (var count in ReadAsync(db, $"SELECT COUNT(*) FROM {Delimited(db, table)}", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), ct))
        {
            return count;
        }

        return 0;
    }

    /// <summary>Runs a query on the context's connection, inside its current transaction if it has one.</summary>
    private static async IAsyncEnumerable<T> ReadAsync<T>(BizEnvDbContext db, string sql, Func<DbDataReader, T> read, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var opened = db.Database.GetDbConnection().State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return read(reader);
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static string Delimit(BizEnvDbContext db, string column) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(column);

    private static string Delimited(BizEnvDbContext db, IEntityType table) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.GetTableName()!, table.GetSchema());
}
