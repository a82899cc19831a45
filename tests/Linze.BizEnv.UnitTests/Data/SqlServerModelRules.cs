using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Linze.BizEnv.UnitTests.Data;

/// <summary>What SQL Server refuses that SQLite accepts, checked on a relational model.</summary>
internal static class SqlServerModelRules
{
    public static IReadOnlyList<string> Check(IRelationalModel model) =>
        [.. MultipleCascadePaths(model), .. IndexesOnUnboundedColumns(model)];

    /// <summary>
    /// SQL Server rejects a foreign key whose ON DELETE action (anything but NO ACTION) would give a table
    /// two cascade paths from one table, or a cycle.
    /// </summary>
    public static IEnumerable<string> MultipleCascadePaths(IRelationalModel model)
    {
        var edges = model.Tables
            .SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction != ReferentialAction.NoAction && fk.OnDeleteAction != ReferentialAction.Restrict)
            .GroupBy(fk => fk.PrincipalTable.Name)
            .ToDictionary(g => g.Key, g => g.Select(fk => fk.Table.Name).ToList());
        foreach (var start in edges.Keys)
        {
            var paths = new Dictionary<string, int>();
            var stack = new Stack<(string Table, ImmutableTrail Trail)>();
            stack.Push((start, ImmutableTrail.Of(start)));
            while (stack.Count > 0)
            {
                var (table, trail) = stack.Pop();
                foreach (var dependent in edges.GetValueOrDefault(table) ?? [])
                {
                    if (trail.Contains(dependent))
                    {
                        yield return $"cascade cycle: {trail} -> {dependent}";
                        continue;
                    }

                    paths[dependent] = paths.GetValueOrDefault(dependent) + 1;
                    if (paths[dependent] == 2)
                    {
                        yield return $"multiple cascade paths from {start} to {dependent}";
                    }

                    stack.Push((dependent, trail.Add(dependent)));
                }
            }
        }
    }

    /// <summary>
    /// SQL Server cannot index nvarchar(max) / varbinary(max) columns, and refuses rows whose key is wider than
    /// 900 bytes in a clustered index (the primary key) or 1,700 bytes in a nonclustered one. (EF sizes an indexed
    /// string with no length to nvarchar(450); an explicit type bypasses that.)
    /// </summary>
    public static IEnumerable<string> IndexesOnUnboundedColumns(IRelationalModel model)
    {
        var indexes = from table in model.Tables
                      from index in table.Indexes.Select(i => (i.Name, i.Columns, Limit: 1700))
                          .Concat(table.UniqueConstraints.Select(u => (u.Name, u.Columns, Limit: u == table.PrimaryKey ? 900 : 1700)))
                      select (Table: table.Name, index.Name, index.Columns, index.Limit);
        foreach (var (table, name, columns, limit) in indexes)
        {
            foreach (var column in columns.Where(c => c.StoreType.Contains("(max)", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"index {name} on unbounded column {table}.{column.Name} ({column.StoreType})";
            }

            var width = columns.Sum(c => KeyBytes(c.StoreType));
            if (width > limit)
            {
                yield return $"index {name} on {table} is {width} bytes wide, over SQL Server's {limit}";
            }
        }
    }

    private static int KeyBytes(string storeType)
    {
        var open = storeType.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? storeType : storeType[..open]).ToLowerInvariant();
        var length = open < 0 || !int.TryParse(storeType[(open + 1)..^1], out var n) ? 0 : n;
        return name switch
        {
            "nvarchar" or "nchar" => 2 * length,
            "varchar" or "char" or "varbinary" or "binary" => length,
            "bigint" or "datetime2" or "datetime" or "float" => 8,
            "int" or "date" or "real" => 4,
            "smallint" => 2,
            "tinyint" or "bit" => 1,
            "uniqueidentifier" => 16,
            _ => 0,
        };
    }

    internal sealed class ImmutableTrail
    {
        private readonly string[] _tables;

        private ImmutableTrail(string[] tables) => _tables = tables;

        public static ImmutableTrail Of(string table) => new([table]);

        public bool Contains(string table) => _tables.Contains(table);

        public ImmutableTrail Add(string table) => new([.. _tables, table]);

        public override string ToString() => string.Join(" -> ", _tables);
    }
}
