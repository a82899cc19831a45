using System.Globalization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Digest;
using Linze.BizEnv.Web.Notifications;

namespace Linze.BizEnv.Web.Cli;

/// <summary>
/// <c>notify digest [--date yyyy-MM-dd] [--dry-run]</c>: builds that day's digests now and writes the new ones to the
/// outbox, then delivers what is due once (so mail goes out when the portal is not running; what fails is retried by
/// the portal's sender). A digest already written for that day is not written again.
/// </summary>
internal static class NotifyVerb
{
    public const string Usage = "用法：notify digest [--date yyyy-MM-dd] [--dry-run]";

    public static async Task<int> DigestAsync(IServiceProvider sp, string[] flags, TextWriter output, TextWriter error)
    {
        var dryRun = flags.Contains("--dry-run");
        var options = CommandLine.ParseOptions([.. flags.Where(f => f != "--dry-run")], "--date");
        if (options is null)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var date = ChinaTime.Today(sp.GetRequiredService<TimeProvider>());
        if (options.TryGetValue("--date", out var text) && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            await error.WriteLineAsync($"日期“{text}”无法识别，请写成 yyyy-MM-dd，例如 2026-11-30。");
            return 2;
        }

        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.DayOff(date) is { } dayOff)
        {
            await output.WriteLineAsync($"{day} 是{dayOff}，不发送每日待办提醒（只在工作日发送：周一至周五，除去 Notifications:Holidays，加上 Notifications:WorkingWeekends）。");
            return 0;
        }

        var messages = await sp.GetRequiredService<DigestBuilder>().BuildAsync(date, send: !dryRun);
        foreach (var message in messages)
        {
            var state = message.Outcome switch
            {
                DigestOutcome.Written => "已写入待发送",
                DigestOutcome.AlreadySent => "当天已发送过，不再发送",
                _ => "预览，未发送",
            };
            await output.WriteLineAsync($"→ {message.Recipient}（{state}）：{message.Title}");
            foreach (var line in message.Body.Split('\n'))
            {
                await output.WriteLineAsync("    " + line);
            }
        }

        var written = messages.Count(m => m.Outcome == DigestOutcome.Written);
        var already = messages.Count(m => m.Outcome == DigestOutcome.AlreadySent);
        if (messages.Count == 0)
        {
            await output.WriteLineAsync($"{day} 没有需要提醒的事项。");
        }
        else if (dryRun)
        {
            await output.WriteLineAsync($"预览：{day} 共 {messages.Count} 条提醒（其中 {already} 条当天已发送过），未写入任何内容。");
        }
        else if (written == 0)
        {
            await output.WriteLineAsync($"{day} 的 {already} 条提醒都已发送过，没有新的提醒。");
        }
        else
        {
            var delivered = await DeliverAsync(sp.GetRequiredService<NotificationSender>());
            await output.WriteLineAsync($"{day} 已写入 {written} 条提醒（{already} 条当天已发送过），门户消息已可查看；邮件和群机器人发送 {delivered} 次，失败的由门户稍后重试。");
        }

        return 0;
    }

    /// <summary>Delivers what is due until nothing is left to try now (a failure waits for its retry time).</summary>
    private static async Task<int> DeliverAsync(NotificationSender sender)
    {
        var total = 0;
        for (var round = 0; round < 20 && await sender.SendDueAsync() is var attempted and > 0; round++)
        {
            total += attempted;
        }

        return total;
    }
}
