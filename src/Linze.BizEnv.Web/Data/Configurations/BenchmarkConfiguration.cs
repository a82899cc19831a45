using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class BenchmarkMetricConfiguration : IEntityTypeConfiguration<BenchmarkMetric>
{
    public void Configure(EntityTypeBuilder<BenchmarkMetric> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(BenchmarkMetric.NameLength);
        builder.Property(m => m.Unit).HasMaxLength(BenchmarkMetric.UnitLength);
        builder.Property(m => m.Words).HasMaxLength(BenchmarkMetric.WordsLength);
        builder.Property(m => m.Note).HasMaxLength(BenchmarkMetric.NoteLength);
        builder.Property(m => m.BestValue).HasPrecision(18, 4);
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.IndicatorId, m.SortOrder });
        builder.HasMany(m => m.Readings).WithOne(r => r.Metric).HasForeignKey(r => r.MetricId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MetricReadingConfiguration : IEntityTypeConfiguration<MetricReading>
{
    public void Configure(EntityTypeBuilder<MetricReading> builder)
    {
        builder.Property(r => r.Value).HasPrecision(18, 4);
        builder.Property(r => r.Source).HasMaxLength(MetricReading.SourceLength);
        builder.Property(r => r.EvidenceSha256).HasMaxLength(64);
        builder.Property(r => r.EvidenceName).HasMaxLength(FieldLengths.Title);
        builder.Property(r => r.RecordedById).HasMaxLength(FieldLengths.IdentityKey);
        builder.Property(r => r.RecordedByName).HasMaxLength(FieldLengths.PersonName);
        // The current reading of a metric for a month is its latest: one index serves "latest per period" and the trend.
        builder.HasIndex(r => new { r.MetricId, r.Period, r.RecordedAtUtc });
    }
}
