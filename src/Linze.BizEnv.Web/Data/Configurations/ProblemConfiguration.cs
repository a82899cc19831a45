using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.Property(p => p.Text).HasMaxLength(FieldLengths.LongText);
        builder.HasIndex(p => new { p.IndicatorId, p.Ordinal }).IsUnique();
    }
}
