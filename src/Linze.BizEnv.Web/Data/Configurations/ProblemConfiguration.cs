using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.Property(p => p.Text).HasMaxLength(FieldLengths.LongText);
        builder.Property(p => p.Measures).HasMaxLength(FieldLengths.LongText);
        builder.Property(p => p.ReturnReason).HasMaxLength(FieldLengths.Reason);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasQueryFilter(p => !p.IsArchived);
        builder.HasIndex(p => new { p.IndicatorId, p.Ordinal }).IsUnique();
        // "My unit's work", the review queue and the dashboard filter on these.
        builder.HasIndex(p => new { p.ResponsibleUnitId, p.Status });
        builder.HasIndex(p => new { p.Status, p.DueDate });
        builder.HasOne(p => p.ResponsibleUnit).WithMany().HasForeignKey(p => p.ResponsibleUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.StatusChanges).WithOne().HasForeignKey(c => c.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.ExtensionRequests).WithOne(r => r.Problem).HasForeignKey(r => r.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressEntryConfiguration : IEntityTypeConfiguration<ProgressEntry>
{
    public void Configure(EntityTypeBuilder<ProgressEntry> builder)
    {
        builder.Property(e => e.Text).HasMaxLength(FieldLengths.LongText);
        builder.Property(e => e.AuthorId).HasMaxLength(FieldLengths.IdentityKey);
        builder.Property(e => e.AuthorName).HasMaxLength(FieldLengths.Name);
        builder.Property(e => e.SubmissionKey).HasMaxLength(32);
        builder.HasIndex(e => new { e.AuthorId, e.SubmissionKey }).IsUnique();
        // One cascade path only (SQL Server): entries go with their indicator; a problem is never deleted on its own
        // (removed problems are archived), so the problem link does not cascade.
        builder.HasOne(e => e.Indicator).WithMany().HasForeignKey(e => e.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Problem).WithMany().HasForeignKey(e => e.ProblemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Evidence).WithOne(f => f.ProgressEntry).HasForeignKey(f => f.ProgressEntryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ProblemId, e.Date });
        builder.HasIndex(e => new { e.IndicatorId, e.Date });
        builder.HasIndex(e => new { e.UnitId, e.CreatedAtUtc });
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.ToTable("Evidence");
        builder.Property(e => e.FileName).HasMaxLength(FieldLengths.Title);
        builder.Property(e => e.ContentType).HasMaxLength(FieldLengths.Name);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(e => e.Sha256);
    }
}

internal sealed class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> builder)
    {
        builder.Property(c => c.From).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.To).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Reason).HasMaxLength(FieldLengths.Reason);
        builder.Property(c => c.ByName).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(c => new { c.ProblemId, c.AtUtc });
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Reason).HasMaxLength(FieldLengths.Reason);
        builder.Property(r => r.DecisionReason).HasMaxLength(FieldLengths.Reason);
        builder.Property(r => r.RequestedByName).HasMaxLength(FieldLengths.Name);
        builder.Property(r => r.DecidedByName).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(r => new { r.Status, r.RequestedAtUtc });
    }
}

internal sealed class InstructionConfiguration : IEntityTypeConfiguration<Instruction>
{
    public void Configure(EntityTypeBuilder<Instruction> builder)
    {
        builder.Property(i => i.Text).HasMaxLength(FieldLengths.Reason);
        builder.Property(i => i.AuthorName).HasMaxLength(FieldLengths.Name);
        builder.HasOne(i => i.Indicator).WithMany().HasForeignKey(i => i.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Problem).WithMany().HasForeignKey(i => i.ProblemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.IndicatorId, i.AnsweredByEntryId });
        builder.HasIndex(i => new { i.ProblemId, i.AnsweredByEntryId });
    }
}

internal sealed class UrgeConfiguration : IEntityTypeConfiguration<Urge>
{
    public void Configure(EntityTypeBuilder<Urge> builder)
    {
        builder.Property(u => u.Text).HasMaxLength(Urge.TextLength);
        builder.Property(u => u.ByName).HasMaxLength(FieldLengths.Name);
        builder.HasOne(u => u.Problem).WithMany().HasForeignKey(u => u.ProblemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(u => new { u.ProblemId, u.AtUtc });
        builder.HasIndex(u => new { u.ProblemId, u.Day }).IsUnique();
        builder.HasIndex(u => new { u.UnitId, u.AnsweredByEntryId });
    }
}
