namespace Linze.BizEnv.Web.Notifications;

/// <summary>The <c>Notifications</c> configuration section. Every channel but the portal's own messages is off until configured.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The county office's 钉钉 robot (units' robots are set on each unit's page).</summary>
    public RobotOptions DingTalk { get; set; } = new();

    /// <summary>The county office's 企业微信 robot.</summary>
    public RobotOptions WeCom { get; set; } = new();

    /// <summary>Beijing time of day after which the day's digests are sent (working days).</summary>
    public TimeOnly DigestTime { get; set; } = new(8, 30);

    /// <summary>How often the sender looks for deliveries that are due.</summary>
    public int SendIntervalSeconds { get; set; } = 5;

    /// <summary>After this many failed attempts a delivery is given up (发送失败，已放弃).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Whether this instance runs the background sender (the web pages still write the outbox).</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>Whether this instance writes the daily digests at <see cref="DigestTime"/> (only when it also runs the sender).</summary>
    public bool DigestEnabled { get; set; } = true;

    /// <summary>法定节假日 falling on weekdays (yyyy-MM-dd), from the State Council's yearly notice: no digest on them.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>调休 Saturdays and Sundays that are working days (yyyy-MM-dd): the digest goes out on them.</summary>
    public List<DateOnly> WorkingWeekends { get; set; } = [];

    /// <summary>Whether the digest goes out on <paramref name="date"/>: Monday to Friday unless a holiday, and the 调休 weekends.</summary>
    public bool IsWorkingDay(DateOnly date) => DayOff(date) is null;

    /// <summary>Why <paramref name="date"/> is not a working day (周末 or 法定节假日), in Chinese; null on a working day.</summary>
    public string? DayOff(DateOnly date) =>
        WorkingWeekends.Contains(date) ? null
        : Holidays.Contains(date) ? "法定节假日"
        : date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "周末"
        : null;
}

public sealed class SmtpOptions
{
    /// <summary>The SMTP server; empty turns email off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender's address, e.g. yshj@linze.gov.cn.</summary>
    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>STARTTLS on a plain port, TLS from the start on 465.</summary>
    public bool UseTls { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}

public sealed class RobotOptions
{
    public string? Webhook { get; set; }

    /// <summary>钉钉 only: the robot's signing secret (加签).</summary>
    public string? Secret { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Webhook);
}
