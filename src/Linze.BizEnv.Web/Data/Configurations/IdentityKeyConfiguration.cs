using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

// Identity's keys default to nvarchar(450); a two-column primary key of those is 1,800 bytes, over SQL Server's
// 900-byte limit for a clustered key. Ids here are GUID strings, and login/token keys are short names.
internal sealed class IdentityRoleKeyConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) => builder.Property(r => r.Id).HasMaxLength(FieldLengths.IdentityKey);
}

internal sealed class IdentityUserLoginKeyConfiguration : IEntityTypeConfiguration<IdentityUserLogin<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> builder)
    {
        builder.Property(l => l.LoginProvider).HasMaxLength(FieldLengths.Name);
        builder.Property(l => l.ProviderKey).HasMaxLength(FieldLengths.Name);
    }
}

internal sealed class IdentityUserTokenKeyConfiguration : IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> builder)
    {
        builder.Property(t => t.LoginProvider).HasMaxLength(FieldLengths.Name);
        builder.Property(t => t.Name).HasMaxLength(FieldLengths.Name);
    }
}
