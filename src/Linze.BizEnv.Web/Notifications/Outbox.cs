using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Notifications;

/// <summary>What to say: the kind, a one-line title, a plain-text body and the item's address in the portal.</summary>
public sealed record NoticeDraft(
    NotificationKind Kind, string Title, string Body, string? Link, int? ProblemId = null, string? SenderName = null, string? DispatchKey = null);

/// <summary>
/// Writes notifications into the outbox of the caller's <see cref="BizEnvDbContext"/>: nothing is saved here, so a
/// notification is committed by the same <c>SaveChanges</c> as the change it reports, or not at all. Each gets a
/// portal message per account, and a delivery per configured channel (email per account that has an address and did
/// not mute the kind; the unit's robots); <see cref="NotificationSender"/> sends them.
/// </summary>
public sealed class Outbox(BizEnvDbContext db, IOptions<NotificationOptions> options, TimeProvider time)
{
    /// <summary>Robot deliveries name their robot, not its address: <c>unit:12</c> or <c>office</c>.</summary>
    public const string OfficeRobot = "office";

    public static string UnitRobot(int unitId) => $"unit:{unitId}";

    private sealed record Account(string Id, string? Email, int Muted);

    /// <summary>A notification about a problem, to the unit answering for it.</summary>
    public async Task<Notification?> AboutProblemAsync(Problem problem, NotificationKind kind, string what, string? detail, string? senderName, CancellationToken ct = default)
    {
        var indicator = await db.Indicators.AsNoTracking().Where(i => i.Id == problem.IndicatorId).Select(i => new { i.Number, i.Name }).SingleAsync(ct);
        var label = $"问题 {indicator.Number}-{problem.Ordinal}";
        var body = $"{indicator.Name} · {label}：{Excerpt(problem.Text, 80)}" + (string.IsNullOrWhiteSpace(detail) ? "" : "\n" + detail.Trim());
        return await ToUnitAsync(problem.ResponsibleUnitId, new NoticeDraft(kind, $"{label}{what}", body, $"/problems/{problem.Id}", problem.Id, senderName), ct);
    }

    /// <summary>A notification to every active account of a unit and to the unit's robots; null when there is no such unit.</summary>
    public async Task<Notification?> ToUnitAsync(int? unitId, NoticeDraft draft, CancellationToken ct = default)
    {
        var unit = unitId is null ? null : await db.Units.AsNoTracking().Where(u => u.Id == unitId)
            .Select(u => new { u.Id, DingTalk = u.DingTalkWebhook != null, WeCom = u.WeComWebhook != null }).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }

        var accounts = await db.Users.AsNoTracking().Where(u => u.UnitId == unit.Id && !u.IsDisabled)
            .Select(u => new Account(u.Id, u.Email, u.MutedNotificationKinds)).ToListAsync(ct);
        var notification = Add(draft, unit.Id, accounts);
        if (unit.DingTalk)
        {
            notification.Deliveries.Add(Delivery(NotificationChannel.DingTalk, UnitRobot(unit.Id)));
        }

        if (unit.WeCom)
        {
            notification.Deliveries.Add(Delivery(NotificationChannel.WeCom, UnitRobot(unit.Id)));
        }

        return notification;
    }

    /// <summary>A notification to some accounts (leaders, the county office), and to the office's robots when asked.</summary>
    public async Task<Notification> ToUsersAsync(IReadOnlyCollection<string> userIds, NoticeDraft draft, bool officeRobots, CancellationToken ct = default)
    {
        var accounts = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && !u.IsDisabled)
            .Select(u => new Account(u.Id, u.Email, u.MutedNotificationKinds)).ToListAsync(ct);
        var notification = Add(draft, null, accounts);
        if (officeRobots && options.Value.DingTalk.IsConfigured)
        {
            notification.Deliveries.Add(Delivery(NotificationChannel.DingTalk, OfficeRobot));
        }

        if (officeRobots && options.Value.WeCom.IsConfigured)
        {
            notification.Deliveries.Add(Delivery(NotificationChannel.WeCom, OfficeRobot));
        }

        return notification;
    }

    /// <summary>Whether someone who muted <paramref name="muted"/> still gets <paramref name="kind"/> outside the portal (催办 and 督办通知单 always).</summary>
    public static bool Receives(int muted, NotificationKind kind) => kind is NotificationKind.Urge or NotificationKind.SupervisionNotice or NotificationKind.Test || (muted & Bit(kind)) == 0;

    public static int Bit(NotificationKind kind) => 1 << (int)kind;

    private Notification Add(NoticeDraft draft, int? unitId, List<Account> accounts)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var notification = new Notification
        {
            Kind = draft.Kind,
            Title = Excerpt(draft.Title, Notification.TitleLength),
            Body = Excerpt(draft.Body, Notification.BodyLength),
            Link = draft.Link,
            UnitId = unitId,
            ProblemId = draft.ProblemId,
            SenderName = draft.SenderName is null ? null : Excerpt(draft.SenderName, FieldLengths.PersonName),
            DispatchKey = draft.DispatchKey,
            CreatedAtUtc = now,
        };
        foreach (var account in accounts)
        {
            notification.Recipients.Add(new NotificationRecipient { UserId = account.Id });
            if (options.Value.Smtp.IsConfigured && !string.IsNullOrWhiteSpace(account.Email) && account.Email.Length <= NotificationDelivery.TargetLength
                && Receives(account.Muted, draft.Kind))
            {
                notification.Deliveries.Add(Delivery(NotificationChannel.Email, account.Email.Trim()));
            }
        }

        db.Notifications.Add(notification);
        return notification;
    }

    private NotificationDelivery Delivery(NotificationChannel channel, string target) =>
        new() { Channel = channel, Target = target, Status = DeliveryStatus.Pending, NextAttemptAtUtc = time.GetUtcNow().UtcDateTime };

    private static string Excerpt(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A text on one line, cut to <paramref name="max"/> characters with an ellipsis: how a message lists a problem.</summary>
    public static string Line(string text, int max) => Excerpt(text.ReplaceLineEndings(" ").Trim(), max);
}
