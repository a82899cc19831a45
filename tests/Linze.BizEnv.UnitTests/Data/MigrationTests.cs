using Linze.BizEnv.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Linze.BizEnv.UnitTests.Data;

/// <summary>No SQL Server runs here, so its migrations are proved by parsing their script and checking the model.</summary>
public class MigrationTests
{
    private static SqlServerBizEnvDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerBizEnvDbContext>().UseSqlServer("Server=unused;Database=BizEnv").Options);

    private static SqliteBizEnvDbContext SqliteContext() =>
        new(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgreSqlBizEnvDbContext PostgreSqlContext() =>
        new(new DbContextOptionsBuilder<PostgreSqlBizEnvDbContext>().UseNpgsql("Host=unused;Database=bizenv").Options);

    [Fact]
    public void SqlServerMigrationScriptParsesAsTransactSql()
    {
        using var db = SqlServerContext();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        var fragment = parser.Parse(new StringReader(script), out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
        var created = fragment.ScriptTokenStream.Count == 0
            ? []
            : ((TSqlScript)fragment).Batches.SelectMany(FindCreateTables).ToList();
        Assert.Superset(new HashSet<string> { "ResponsibilityLists", "Indicators", "Problems", "Leaders", "Units", "IndicatorUnits" }, created.ToHashSet());
    }

    [Fact]
    public void SqlServerModelHasNothingSqlServerRefuses()
    {
        using var db = SqlServerContext();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        Assert.Empty(SqlServerModelRules.Check(model));
    }

    [Fact]
    public void ModelRulesCatchTwoCascadePathsAnIndexOnAnUnboundedStringAndAnOverWideKey()
    {
        using var db = new BadModelContext();
        var problems = SqlServerModelRules.Check(db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        Assert.Contains(problems, p => p.StartsWith("multiple cascade paths from Owners to Items", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unbounded column Owners.Note", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("index IX_Owners_Code on Owners is 2000 bytes wide, over SQL Server's 1700", StringComparison.Ordinal));
    }

    [Fact]
    public void SqliteMigrationsAreUpToDateWithTheModel()
    {
        using var db = SqliteContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQLite migration: dotnet ef migrations add <Name> --context SqliteBizEnvDbContext");
    }

    [Fact]
    public void SqlServerMigrationsAreUpToDateWithTheModel()
    {
        using var db = SqlServerContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQL Server migration: dotnet ef migrations add <Name> --context SqlServerBizEnvDbContext");
    }

    [Fact]
    public void PostgreSqlMigrationsAreUpToDateWithTheModel()
    {
        using var db = PostgreSqlContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Add a PostgreSQL migration: dotnet ef migrations add <Name> --context PostgreSqlBizEnvDbContext");
    }

    [Fact]
    public void EveryPostgreSqlTextColumnComparesByCodePointAsSqliteDoes()
    {
        using var db = PostgreSqlContext();
        var textColumns = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables
            .SelectMany(t => t.Columns).Where(c => c.StoreType is "text" || c.StoreType.StartsWith("character varying", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(textColumns);
        Assert.All(textColumns, c => Assert.True(c.Collation == PostgreSqlBizEnvDbContext.OrdinalCollation, $"{c.Table.Name}.{c.Name} has collation {c.Collation ?? "(database default)"}"));
    }

    [Fact]
    public void EachProviderHasItsOwnMigrations()
    {
        using var sqlite = SqliteContext();
        using var sqlServer = SqlServerContext();
        using var postgreSql = PostgreSqlContext();
        var sets = new[] { sqlite.Database.GetMigrations().ToList(), sqlServer.Database.GetMigrations().ToList(), postgreSql.Database.GetMigrations().ToList() };
        Assert.All(sets, Assert.NotEmpty);
        Assert.Empty(sets[0].Intersect(sets[1]));
        Assert.Empty(sets[0].Intersect(sets[2]));
        Assert.Empty(sets[1].Intersect(sets[2]));
    }

    private static IEnumerable<string> FindCreateTables(TSqlBatch batch)
    {
        var visitor = new CreateTableVisitor();
        batch.Accept(visitor);
        return visitor.Tables;
    }

    private sealed class CreateTableVisitor : TSqlFragmentVisitor
    {
        public List<string> Tables { get; } = [];

        public override void Visit(CreateTableStatement node) => Tables.Add(node.SchemaObjectName.BaseIdentifier.Value);
    }

    private sealed class Owner
    {
        public int Id { get; set; }

        public string Note { get; set; } = "";

        public string Code { get; set; } = "";
    }

    private sealed class Box
    {
        public int Id { get; set; }

        public int OwnerId { get; set; }
    }

    private sealed class Item
    {
        public int Id { get; set; }

        public int OwnerId { get; set; }

        public int BoxId { get; set; }
    }

    /// <summary>Owner → Item directly and Owner → Box → Item: two cascade paths, which SQL Server refuses.</summary>
    private sealed class BadModelContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseSqlServer("Server=unused;Database=Bad");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Owner>().ToTable("Owners").HasIndex(o => o.Note);
            modelBuilder.Entity<Owner>().Property(o => o.Note).HasColumnType("nvarchar(max)");
            modelBuilder.Entity<Owner>().HasIndex(o => o.Code).HasDatabaseName("IX_Owners_Code");
            modelBuilder.Entity<Owner>().Property(o => o.Code).HasMaxLength(1000);
            modelBuilder.Entity<Box>().ToTable("Boxes").HasOne<Owner>().WithMany().HasForeignKey(b => b.OwnerId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Item>().ToTable("Items").HasOne<Owner>().WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Item>().HasOne<Box>().WithMany().HasForeignKey(i => i.BoxId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
