using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(Notification.TitleLength);
        builder.Property(n => n.Body).HasMaxLength(Notification.BodyLength);
        builder.Property(n => n.Link).HasMaxLength(Notification.LinkLength);
        builder.Property(n => n.SenderName).HasMaxLength(FieldLengths.PersonName);
        builder.Property(n => n.DispatchKey).HasMaxLength(Notification.DispatchKeyLength);
        // One digest per recipient and day across instances: the second insert fails and is dropped.
        builder.HasIndex(n => n.DispatchKey).IsUnique();
        builder.HasIndex(n => n.CreatedAtUtc);
        builder.HasIndex(n => new { n.ProblemId, n.Kind });
        builder.HasMany(n => n.Recipients).WithOne(r => r.Notification).HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(n => n.Deliveries).WithOne(d => d.Notification).HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationRecipientConfiguration : IEntityTypeConfiguration<NotificationRecipient>
{
    public void Configure(EntityTypeBuilder<NotificationRecipient> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(FieldLengths.IdentityKey);
        // The bell: a user's unread messages, newest first.
        builder.HasIndex(r => new { r.UserId, r.ReadAtUtc, r.NotificationId });
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.Property(d => d.Target).HasMaxLength(NotificationDelivery.TargetLength);
        builder.Property(d => d.LastError).HasMaxLength(NotificationDelivery.ErrorLength);
        // The sender's question: what is due now.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
    }
}
