using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(FieldLengths.Name);
        builder.Property(i => i.ProvinceBest).HasMaxLength(FieldLengths.LongText);
        builder.HasIndex(i => new { i.ListId, i.Number }).IsUnique();
        builder.HasOne(i => i.Leader).WithMany(l => l.Indicators).HasForeignKey(i => i.LeaderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Problems).WithOne(p => p.Indicator).HasForeignKey(p => p.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Units).WithOne(u => u.Indicator).HasForeignKey(u => u.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Metrics).WithOne(m => m.Indicator).HasForeignKey(m => m.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }
}
