using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.UnitTests.Data;

/// <summary>copy-database inserts principals before their dependents, so every foreign key holds at each insert.</summary>
public class CopyOrderTests
{
    [Fact]
    public void EveryTableComesAfterTheTablesItsForeignKeysPointTo()
    {
        using var db = new SqliteBizEnvDbContext(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite("Data Source=:memory:").Options);

        var order = DatabaseCopy.TablesInCopyOrder(db.Model);

        var position = order.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        Assert.Equal(db.Model.GetEntityTypes().Where(e => e.BaseType is null).Select(e => e.GetTableName()).Order(), order.Select(t => t.GetTableName()).Order());
        foreach (var fk in db.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            var dependent = fk.DeclaringEntityType.GetRootType();
            var principal = fk.PrincipalEntityType.GetRootType();
            Assert.True(dependent == principal || position[principal] < position[dependent],
                $"{dependent.GetTableName()} is copied before {principal.GetTableName()}, which it refers to");
        }

        Assert.True(position[db.Model.FindEntityType(typeof(AppUser))!] < position[db.Model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>))!]);
    }

    [Fact]
    public void TablesThatReferToEachOtherAreRefusedByName()
    {
        using var db = new Cyclic();

        var refused = Assert.Throws<InvalidOperationException>(() => DatabaseCopy.TablesInCopyOrder(db.Model));

        Assert.Contains("Hens", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Eggs", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATableThatRefersToItselfIsOrderedAmongTheOthers()
    {
        using var db = new SelfReferring();

        Assert.Equal(["Nodes"], DatabaseCopy.TablesInCopyOrder(db.Model).Select(t => t.GetTableName()));
    }

    private sealed class Hen
    {
        public int Id { get; set; }

        public int? FirstEggId { get; set; }

        public Egg? FirstEgg { get; set; }
    }

    private sealed class Egg
    {
        public int Id { get; set; }

        public int? HenId { get; set; }

        public Hen? Hen { get; set; }
    }

    private sealed class Node
    {
        public int Id { get; set; }

        public int? ParentId { get; set; }

        public Node? Parent { get; set; }
    }

    private sealed class Cyclic : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Hen>().ToTable("Hens").HasOne(h => h.FirstEgg).WithMany().HasForeignKey(h => h.FirstEggId);
            modelBuilder.Entity<Egg>().ToTable("Eggs").HasOne(e => e.Hen).WithMany().HasForeignKey(e => e.HenId);
        }
    }

    private sealed class SelfReferring : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Node>().ToTable("Nodes").HasOne(n => n.Parent).WithMany().HasForeignKey(n => n.ParentId);
    }
}
