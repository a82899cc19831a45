using System.Collections.Concurrent;
using Linze.BizEnv.Web.Common;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Notifications;

/// <summary>
/// Delivers the outbox. Every <see cref="NotificationOptions.SendIntervalSeconds"/> it takes the deliveries that are
/// due, claims each one (a conditional update: of two senders, in one process or two, only one gets it; a claim left by
/// a stopped sender runs out after <see cref="ClaimFor"/>), sends it and records the result: sent, or failed with the
/// reason and retried later (1, 5, 15, 30 minutes, then hours), given up after <see cref="NotificationOptions.MaxAttempts"/>.
/// A channel that is down only delays its own deliveries; no user request waits for it. Delivery is at least once: a
/// sender stopped between sending and recording sends again.
/// </summary>
public sealed class NotificationSender(
    IServiceScopeFactory scopes, IEnumerable<INotificationChannel> channels, RobotRateLimiter robots, IOptions<NotificationOptions> options,
    IOptions<PortalOptions> portal, TimeProvider time, ILogger<NotificationSender> logger) : BackgroundService
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    private const int Batch = 50;

    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4)];

    private readonly Dictionary<NotificationChannel, INotificationChannel> _channels = channels.ToDictionary(c => c.Channel);

    /// <summary>Sends what is due now; returns how many deliveries this call attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAtUtc <= now && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
            .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id)
            .Select(d => d.Id).Take(Batch).ToListAsync(ct);
        var attempted = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(db, id, ct))
            {
                attempted++;
                await DeliverAsync(db, id, ct);
            }
        }

        return attempted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SenderEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.SendIntervalSeconds)), time);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "发送通知时出错，稍后重试。Notification sending failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> ClaimAsync(BizEnvDbContext db, long id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + ClaimFor;
        return await db.NotificationDeliveries
            .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, until), ct) == 1;
    }

    private async Task DeliverAsync(BizEnvDbContext db, long id, CancellationToken ct)
    {
        var delivery = await db.NotificationDeliveries.AsNoTracking().Include(d => d.Notification).SingleAsync(d => d.Id == id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            if (!_channels.TryGetValue(delivery.Channel, out var channel))
            {
                throw new InvalidOperationException("该渠道未启用。");
            }

            var (target, mobiles) = await ResolveAsync(db, delivery, ct);
            if (delivery.Channel != NotificationChannel.Email && robots.NextFreeSlot(target.Address, now) is { } later)
            {
                // The robot's limit (20 a minute): wait without counting an attempt.
                await Record(db, id, s => s.SetProperty(d => d.NextAttemptAtUtc, later).SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null), ct);
                return;
            }

            var n = delivery.Notification;
            await channel.SendAsync(new OutgoingMessage(n.Kind, n.Title, n.Body, portal.Value.Absolute(n.Link), mobiles), target, ct);
            await Record(db, id, s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sent).SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.SentAtUtc, time.GetUtcNow().UtcDateTime).SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = delivery.Attempts + 1;
            var givenUp = attempts >= options.Value.MaxAttempts;
            var reason = Cut(e.Message);
            logger.LogWarning("通知 {NotificationId} 经 {Channel} 发送失败（第 {Attempts} 次）：{Reason}", delivery.NotificationId, delivery.Channel, attempts, reason);
            await Record(db, id, s => s
                .SetProperty(d => d.Status, givenUp ? DeliveryStatus.GaveUp : DeliveryStatus.Pending).SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptAtUtc, now + Backoff[Math.Min(attempts, Backoff.Length) - 1]).SetProperty(d => d.LastError, reason)
                .SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>The address to send to: the email address, or the robot's webhook as configured now, and whom to @-mention.</summary>
    private async Task<(DeliveryTarget Target, IReadOnlyList<string> Mobiles)> ResolveAsync(BizEnvDbContext db, NotificationDelivery delivery, CancellationToken ct)
    {
        if (delivery.Channel == NotificationChannel.Email)
        {
            return (new DeliveryTarget(delivery.Target), []);
        }

        if (delivery.Target == Outbox.OfficeRobot)
        {
            var office = delivery.Channel == NotificationChannel.DingTalk ? options.Value.DingTalk : options.Value.WeCom;
            return office.IsConfigured ? (new DeliveryTarget(office.Webhook!.Trim(), office.Secret), []) : throw new InvalidOperationException("县营商办的机器人已不再配置。");
        }

        var unitId = int.Parse(delivery.Target.AsSpan("unit:".Length), System.Globalization.CultureInfo.InvariantCulture);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.DingTalkWebhook, u.DingTalkSecret, u.WeComWebhook }).SingleOrDefaultAsync(ct);
        var webhook = delivery.Channel == NotificationChannel.DingTalk ? unit?.DingTalkWebhook : unit?.WeComWebhook;
        if (webhook is null)
        {
            throw new InvalidOperationException("该单位的机器人地址已被删除。");
        }

        var kind = delivery.Notification.Kind;
        var mobiles = delivery.Channel != NotificationChannel.DingTalk ? [] : (await db.Users.AsNoTracking()
                .Where(u => u.UnitId == unitId && !u.IsDisabled && u.PhoneNumber != null)
                .Select(u => new { u.PhoneNumber, u.MutedNotificationKinds }).ToListAsync(ct))
            .Where(u => Outbox.Receives(u.MutedNotificationKinds, kind)).Select(u => u.PhoneNumber!).Distinct().ToList();
        return (new DeliveryTarget(webhook, delivery.Channel == NotificationChannel.DingTalk ? unit!.DingTalkSecret : null), mobiles);
    }

    private static Task<int> Record(
        BizEnvDbContext db, long id, Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<NotificationDelivery>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<NotificationDelivery>> set, CancellationToken ct) =>
        db.NotificationDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => set(s), ct);

    private static string Cut(string text) => text.Length <= NotificationDelivery.ErrorLength ? text : text[..NotificationDelivery.ErrorLength];
}

/// <summary>钉钉 and 企业微信 accept 20 messages a minute per robot: this remembers what was sent to each in the last minute.</summary>
public sealed class RobotRateLimiter
{
    public const int PerMinute = 20;

    private readonly ConcurrentDictionary<string, Queue<DateTime>> _sent = new(StringComparer.Ordinal);

    /// <summary>Null and counts the message when one may go now; otherwise when the next may go.</summary>
    public DateTime? NextFreeSlot(string webhook, DateTime nowUtc)
    {
        var sent = _sent.GetOrAdd(webhook, _ => new Queue<DateTime>());
        lock (sent)
        {
            while (sent.Count > 0 && sent.Peek() <= nowUtc - TimeSpan.FromMinutes(1))
            {
                sent.Dequeue();
            }

            if (sent.Count >= PerMinute)
            {
                return sent.Peek() + TimeSpan.FromMinutes(1);
            }

            sent.Enqueue(nowUtc);
            return null;
        }
    }
}
