using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class ResponsibilityListConfiguration : IEntityTypeConfiguration<ResponsibilityList>
{
    public void Configure(EntityTypeBuilder<ResponsibilityList> builder)
    {
        builder.ToTable("ResponsibilityLists");
        builder.Property(l => l.Title).HasMaxLength(FieldLengths.Title);
        builder.Property(l => l.IssuingOffice).HasMaxLength(FieldLengths.Name);
        // An import matches a file to an existing list by its title.
        builder.HasIndex(l => l.Title).IsUnique();
        builder.HasIndex(l => new { l.IsArchived, l.Year });
        builder.HasMany(l => l.Indicators).WithOne(i => i.List).HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
