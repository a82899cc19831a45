using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class IndicatorUnitConfiguration : IEntityTypeConfiguration<IndicatorUnit>
{
    public void Configure(EntityTypeBuilder<IndicatorUnit> builder)
    {
        // A unit holds one role on an indicator.
        builder.HasKey(iu => new { iu.IndicatorId, iu.UnitId });
        // The unit page lists every indicator a unit has a role on.
        builder.HasIndex(iu => new { iu.UnitId, iu.Role });
        builder.HasOne(iu => iu.Unit).WithMany(u => u.Roles).HasForeignKey(iu => iu.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
