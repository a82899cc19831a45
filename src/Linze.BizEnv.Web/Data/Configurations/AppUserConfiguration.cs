using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.Id).HasMaxLength(FieldLengths.IdentityKey);
        builder.Property(u => u.DisplayName).HasMaxLength(FieldLengths.PersonName);
        builder.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.UnitId);
        builder.HasOne(u => u.Leader).WithMany().HasForeignKey(u => u.LeaderId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(u => u.LeaderId);
    }
}
