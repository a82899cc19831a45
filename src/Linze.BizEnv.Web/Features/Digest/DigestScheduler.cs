using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Notifications;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Digest;

/// <summary>
/// Builds and writes the day's digests (<see cref="DigestBuilder"/>) once Beijing time passes
/// <see cref="NotificationOptions.DigestTime"/> on a working day; <see cref="NotificationSender"/> delivers them. Off when
/// <see cref="NotificationOptions.DigestEnabled"/> or <see cref="NotificationOptions.SenderEnabled"/> is false. A restart,
/// or a second instance, on the same day writes nothing new: each digest's dispatch key is unique.
/// </summary>
public sealed class DigestScheduler(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time, ILogger<DigestScheduler> logger)
    : BackgroundService
{
    private DateOnly? _done;

    /// <summary>Writes today's digests if they are due and this instance has not written them yet; returns how many it wrote.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = ChinaTime.From(time.GetUtcNow().UtcDateTime);
        var today = DateOnly.FromDateTime(now);
        if (_done == today || TimeOnly.FromDateTime(now) < options.Value.DigestTime || !options.Value.IsWorkingDay(today))
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var messages = await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(today, send: true, ct);
        _done = today;
        var written = messages.Count(m => m.Outcome == DigestOutcome.Written);
        logger.LogInformation("Daily digests for {Date}: {Written} written, {Already} already written", today, written, messages.Count - written);
        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SenderEnabled || !options.Value.DigestEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "生成每日待办提醒时出错，一分钟后重试。Building the daily digests failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
