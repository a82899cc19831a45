using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class SupervisionNoticeConfiguration : IEntityTypeConfiguration<SupervisionNotice>
{
    public void Configure(EntityTypeBuilder<SupervisionNotice> builder)
    {
        builder.Property(n => n.Prefix).HasMaxLength(SupervisionNotice.PrefixLength);
        builder.Property(n => n.DocumentNumber).HasMaxLength(SupervisionNotice.DocumentNumberLength);
        builder.Property(n => n.IssuedByName).HasMaxLength(FieldLengths.Name);
        builder.Property(n => n.Content).HasMaxLength(DocumentTemplates.MaxBytes * 4);
        // The number is unique in its year: two notices issued at once cannot take the same one (the loser takes the next).
        builder.HasIndex(n => new { n.Prefix, n.Year, n.Number }).IsUnique();
        builder.HasIndex(n => new { n.UnitId, n.IssuedAtUtc });
        builder.HasIndex(n => n.IssuedAtUtc);
        builder.Property(n => n.SubmissionKey).HasMaxLength(32);
        builder.HasIndex(n => n.SubmissionKey).IsUnique();
        builder.HasOne(n => n.Unit).WithMany().HasForeignKey(n => n.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Problems).WithOne(p => p.Notice).HasForeignKey(p => p.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupervisionNoticeProblemConfiguration : IEntityTypeConfiguration<SupervisionNoticeProblem>
{
    public void Configure(EntityTypeBuilder<SupervisionNoticeProblem> builder)
    {
        builder.HasKey(p => new { p.NoticeId, p.ProblemId });
        builder.HasIndex(p => p.ProblemId);
        builder.HasOne(p => p.Problem).WithMany().HasForeignKey(p => p.ProblemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StoredTemplateConfiguration : IEntityTypeConfiguration<StoredTemplate>
{
    public void Configure(EntityTypeBuilder<StoredTemplate> builder)
    {
        builder.HasKey(t => t.Kind);
        builder.Property(t => t.Kind).ValueGeneratedNever();
        builder.Property(t => t.Content).HasMaxLength(DocumentTemplates.MaxBytes);
        builder.Property(t => t.FileName).HasMaxLength(StoredTemplate.FileNameLength);
        builder.Property(t => t.UploadedByName).HasMaxLength(FieldLengths.Name);
    }
}
