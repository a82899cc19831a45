using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.UserName).HasMaxLength(FieldLengths.Name);
        builder.Property(a => a.UserId).HasMaxLength(FieldLengths.IdentityKey);
        builder.Property(a => a.UnitName).HasMaxLength(FieldLengths.Name);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityKey).HasMaxLength(128);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        // No foreign keys: the trail must outlive the users, units and records it names.
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => new { a.UserName, a.AtUtc });
        builder.HasIndex(a => new { a.UnitId, a.AtUtc });
        builder.HasIndex(a => new { a.EntityType, a.AtUtc });
    }
}
