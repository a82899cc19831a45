namespace Linze.BizEnv.Web.Domain.Notifications;

/// <summary>What a notification is about.</summary>
public enum NotificationKind
{
    /// <summary>A 销号 submission was returned (退回).</summary>
    Returned = 1,

    /// <summary>A leader wrote a 批示.</summary>
    Instruction = 2,

    /// <summary>A 申请延期 was decided.</summary>
    ExtensionDecided = 3,

    /// <summary>A problem was closed (销号).</summary>
    Closed = 4,

    /// <summary>催办: always sent, whatever the recipient chose.</summary>
    Urge = 5,

    /// <summary>The daily (or, for leaders, weekly) digest.</summary>
    Digest = 6,

    /// <summary>A test message from 发送记录.</summary>
    Test = 7,

    /// <summary>督办通知单 issued to the unit: always sent, like 催办.</summary>
    SupervisionNotice = 8,
}

/// <summary>A way a notification leaves the portal. In-portal messages (站内消息) need no delivery: they are the rows.</summary>
public enum NotificationChannel
{
    Email = 1,
    DingTalk = 2,
    WeCom = 3,
}

public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt, or for its next one after a failure (<see cref="NotificationDelivery.LastError"/>).</summary>
    Pending = 0,

    Sent = 1,

    /// <summary>Failed too often; no more attempts.</summary>
    GaveUp = 2,
}

/// <summary>
/// The outbox: a notification is written in the same transaction as the change it reports, with one
/// <see cref="NotificationRecipient"/> per account that sees it in the portal and one <see cref="NotificationDelivery"/>
/// per channel it leaves by; <c>NotificationSender</c> delivers and records each result. Not audited: the change
/// itself is.
/// </summary>
public class Notification
{
    public const int TitleLength = 100;
    public const int BodyLength = 4000;
    public const int LinkLength = 300;
    public const int DispatchKeyLength = 100;

    public long Id { get; set; }

    public NotificationKind Kind { get; set; }

    public required string Title { get; set; }

    /// <summary>Plain text, lines separated by \n.</summary>
    public required string Body { get; set; }

    /// <summary>The item's address inside the portal (/problems/12), made absolute with <c>Portal:PublicUrl</c> for email and robots.</summary>
    public string? Link { get; set; }

    /// <summary>The unit it is addressed to, if any.</summary>
    public int? UnitId { get; set; }

    public int? ProblemId { get; set; }

    /// <summary>Who caused it (a display name), for 发送记录.</summary>
    public string? SenderName { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>
    /// Unique when set: a digest (digest:unit:12:2026-11-27) is written once per recipient and day, however many
    /// instances of the portal build it.
    /// </summary>
    public string? DispatchKey { get; set; }

    public List<NotificationRecipient> Recipients { get; } = [];

    public List<NotificationDelivery> Deliveries { get; } = [];
}

/// <summary>An account that sees a notification in the portal (the bell), read or not.</summary>
public class NotificationRecipient
{
    public long Id { get; set; }

    public long NotificationId { get; set; }

    public Notification Notification { get; set; } = null!;

    public required string UserId { get; set; }

    public DateTime? ReadAtUtc { get; set; }
}

/// <summary>One channel's delivery of a notification to one target, with its attempts and result.</summary>
public class NotificationDelivery
{
    public const int TargetLength = 200;
    public const int ErrorLength = 500;

    public long Id { get; set; }

    public long NotificationId { get; set; }

    public Notification Notification { get; set; } = null!;

    public NotificationChannel Channel { get; set; }

    /// <summary>An email address; for robots <c>unit:{id}</c> or <c>office</c> (the webhook is looked up when sending, so a corrected address applies).</summary>
    public required string Target { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>Set by the sender that took the delivery; another sender leaves it alone until then (a stopped sender's claim runs out).</summary>
    public DateTime? ClaimedUntilUtc { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAtUtc { get; set; }
}

/// <summary>The Chinese names the pages and 发送记录 show.</summary>
public static class NotificationNames
{
    public static string ToChinese(this NotificationKind kind) => kind switch
    {
        NotificationKind.Returned => "销号申请被退回",
        NotificationKind.Instruction => "领导批示",
        NotificationKind.ExtensionDecided => "延期申请审核结果",
        NotificationKind.Closed => "问题已销号",
        NotificationKind.Urge => "催办",
        NotificationKind.Digest => "每日待办提醒",
        NotificationKind.Test => "测试消息",
        NotificationKind.SupervisionNotice => "督办通知单",
        _ => kind.ToString(),
    };

    public static string ToChinese(this NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => "电子邮件",
        NotificationChannel.DingTalk => "钉钉机器人",
        NotificationChannel.WeCom => "企业微信机器人",
        _ => channel.ToString(),
    };

    public static string ToChinese(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "待发送",
        DeliveryStatus.Sent => "已发送",
        DeliveryStatus.GaveUp => "发送失败，已放弃",
        _ => status.ToString(),
    };
}
