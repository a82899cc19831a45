using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Linze.BizEnv.Web.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.Property(u => u.Name).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(u => u.Name).IsUnique();
        builder.Property(u => u.DingTalkWebhook).HasMaxLength(Notifications.RobotAddress.MaxLength);
        builder.Property(u => u.DingTalkSecret).HasMaxLength(Notifications.RobotAddress.SecretMaxLength);
        builder.Property(u => u.WeComWebhook).HasMaxLength(Notifications.RobotAddress.MaxLength);
    }
}
