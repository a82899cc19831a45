using System.Globalization;
using System.Text;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Work;
using Linze.BizEnv.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Digest;

/// <summary>What became of one digest: only shown (dry run), written to the outbox now, or already written today.</summary>
public enum DigestOutcome
{
    Preview,
    Written,
    AlreadySent,
}

/// <summary>One digest: its dispatch key, who gets it (in Chinese), and what it says.</summary>
public sealed record DigestMessage(string Key, string Recipient, string Title, string Body, DigestOutcome Outcome);

/// <summary>
/// The daily digest (每日待办提醒, issue #15): on working days (<see cref="NotificationOptions.IsWorkingDay"/>: Monday to
/// Friday, less the configured 法定节假日, plus the 调休 weekends) one message per unit with what it must act on (returned, unanswered 批示, overdue, due soon, no progress;
/// from <see cref="UnitWork"/>, the query behind 我的工作), one to the county office (Admin accounts and the office's
/// robots) with the review queue and the units with the most overdue problems, and on Mondays one per leader account with
/// the overdue problems of the indicators the leader answers for. Nothing is sent to whom nothing waits for.
/// Each digest carries a dispatch key (<c>digest:unit:12:2026-11-30</c>) that is unique in the outbox, so however many
/// instances or runs build a day's digests, each recipient gets one: a duplicate is dropped.
/// </summary>
public sealed class DigestBuilder(BizEnvDbContext db, Outbox outbox, UnitWork work, IOptions<NotificationOptions> options, ILogger<DigestBuilder> logger)
{
    private const int TopUnits = 5;

    public static string UnitKey(int unitId, DateOnly date) => $"digest:unit:{unitId}:{Day(date)}";

    public static string LeaderKey(string userId, DateOnly date) => $"digest:leader:{userId}:{Day(date)}";

    public static string OfficeKey(DateOnly date) => $"digest:office:{Day(date)}";

    /// <summary>
    /// Builds the digests of <paramref name="date"/> as of its <see cref="NotificationOptions.DigestTime"/>; with
    /// <paramref name="send"/> writes each new one to the outbox (one <c>SaveChanges</c> per digest, so a duplicate drops
    /// only itself). Nothing on a day off.
    /// </summary>
    public async Task<IReadOnlyList<DigestMessage>> BuildAsync(DateOnly date, bool send, CancellationToken ct = default)
    {
        if (!options.Value.IsWorkingDay(date))
        {
            return [];
        }

        var asOf = ChinaTime.ToUtc(date.ToDateTime(options.Value.DigestTime));
        var drafts = new List<(string Key, string Recipient, NoticeDraft Draft, Func<NoticeDraft, Task> Write)>();
        var open = await work.OpenProblemsAsync(null, asOf, ct);
        await AddUnitsAsync(drafts, date, open, ct);
        await AddOfficeAsync(drafts, date, open, ct);
        if (date.DayOfWeek == DayOfWeek.Monday)
        {
            await AddLeadersAsync(drafts, date, open, ct);
        }

        var keys = drafts.Select(d => d.Key).ToList();
        var sent = (await db.Notifications.AsNoTracking().Where(n => n.DispatchKey != null && keys.Contains(n.DispatchKey)).Select(n => n.DispatchKey!).ToListAsync(ct)).ToHashSet();
        var messages = new List<DigestMessage>();
        foreach (var (key, recipient, draft, write) in drafts)
        {
            var outcome = sent.Contains(key) ? DigestOutcome.AlreadySent : !send ? DigestOutcome.Preview : await WriteAsync(key, draft, write, ct);
            messages.Add(new DigestMessage(key, recipient, draft.Title, draft.Body, outcome));
        }

        return messages;
    }

    /// <summary>Writes one digest; another instance that wrote the same key first wins, and this one is dropped.</summary>
    private async Task<DigestOutcome> WriteAsync(string key, NoticeDraft draft, Func<NoticeDraft, Task> write, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        try
        {
            await write(draft);
            await db.SaveChangesAsync(ct);
            return DigestOutcome.Written;
        }
        catch (DbUpdateException ex)
        {
            // The unique index on the dispatch key: another run wrote this digest first. Anything else is an error.
            if (!await ExistsAsync(key, ct))
            {
                throw;
            }

            logger.LogInformation(ex, "Digest {Key} was already written by another run; dropped", key);
            return DigestOutcome.AlreadySent;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return db.Notifications.AsNoTracking().AnyAsync(n => n.DispatchKey == key, ct);
    }

    private async Task AddUnitsAsync(List<(string, string, NoticeDraft, Func<NoticeDraft, Task>)> drafts, DateOnly date, List<OpenProblem> open, CancellationToken ct)
    {
        // Units someone would hear it: an active account or a robot of their own.
        var units = await db.Units.AsNoTracking()
            .Where(u => u.DingTalkWebhook != null || u.WeComWebhook != null || db.Users.Any(a => a.UnitId == u.Id && !a.IsDisabled))
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync(ct);
        var instructions = (await work.IndicatorInstructionsAsync(null, ct)).ToLookup(i => i.UnitId);
        var byUnit = open.ToLookup(p => p.UnitId);
        foreach (var unit in units)
        {
            var lines = new List<string>();
            foreach (var p in byUnit[unit.Id])
            {
                var tags = Tags(p, r => r.Kind is not WorkReasonKind.Other);
                if (tags.Length > 0)
                {
                    lines.Add($"{tags}{p.IndicatorNumber}-{p.Ordinal} {Excerpt(p.Text)}（整改时限 {DueText(p)}）");
                }
            }

            lines.AddRange(instructions[unit.Id].Select(i => $"【待回复批示】指标 {i.IndicatorNumber} {i.IndicatorName}：{Excerpt(i.Text)}（{i.AuthorName}）"));
            if (lines.Count == 0)
            {
                continue;
            }

            var title = $"{Day(date)} 每日待办提醒：{lines.Count} 项需要处理";
            var body = $"{unit.Name}：\n{string.Join('\n', lines)}\n请登录门户“我的工作”处理。";
            var id = unit.Id;
            drafts.Add((UnitKey(id, date), unit.Name, Draft(title, body, "/my-work", UnitKey(id, date)), d => outbox.ToUnitAsync(id, d, ct)));
        }
    }

    private async Task AddOfficeAsync(List<(string, string, NoticeDraft, Func<NoticeDraft, Task>)> drafts, DateOnly date, List<OpenProblem> open, CancellationToken ct)
    {
        var admins = await AccountsInRoleAsync(Roles.Admin, ct);
        if (admins.Count == 0 && !options.Value.DingTalk.IsConfigured && !options.Value.WeCom.IsConfigured)
        {
            return;
        }

        var submitted = open.Where(p => p.Status == ProblemStatus.SubmittedForClosure).ToList();
        var extensions = open.Where(p => p.PendingExtension).ToList();
        var unitNames = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var overdue = open.Where(p => p.Light == TrafficLight.Red && p.UnitId is not null)
            .GroupBy(p => p.UnitId!.Value).Select(g => (Unit: unitNames.GetValueOrDefault(g.Key, "?"), Count: g.Count()))
            .OrderByDescending(u => u.Count).ThenBy(u => u.Unit, StringComparer.Ordinal).Take(TopUnits).ToList();
        if (submitted.Count + extensions.Count + overdue.Count == 0)
        {
            return;
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"待审核：销号申请 {submitted.Count} 项，延期申请 {extensions.Count} 项。\n");
        foreach (var p in submitted)
        {
            body.Append(CultureInfo.InvariantCulture, $"【申请销号】{p.IndicatorNumber}-{p.Ordinal} {Excerpt(p.Text)}（{UnitName(unitNames, p)}）\n");
        }

        foreach (var p in extensions)
        {
            body.Append(CultureInfo.InvariantCulture, $"【申请延期】{p.IndicatorNumber}-{p.Ordinal} {Excerpt(p.Text)}（{UnitName(unitNames, p)}）\n");
        }

        if (overdue.Count > 0)
        {
            var levels = open.Where(p => p.Light == TrafficLight.Red).ToLookup(p => p.UrgeLevel);
            body.Append(CultureInfo.InvariantCulture,
                $"逾期未销号 {open.Count(p => p.Light == TrafficLight.Red)} 项：{string.Join("，", new[] { UrgeLevel.Red, UrgeLevel.Yellow, UrgeLevel.Blue }.Select(l => $"{l.ToChinese()} {levels[l].Count()} 项"))}。\n");
            body.Append("逾期问题最多的单位：\n");
            foreach (var (unit, count) in overdue)
            {
                body.Append(CultureInfo.InvariantCulture, $"{unit}：逾期 {count} 项\n");
            }
        }

        body.Append("请登录门户“审核”处理。");
        var title = $"{Day(date)} 县营商办每日提醒：待审核 {submitted.Count + extensions.Count} 项";
        drafts.Add((OfficeKey(date), "县营商办（管理员账号和县级群机器人）", Draft(title, body.ToString(), "/review", OfficeKey(date)),
            d => outbox.ToUsersAsync(admins, d, officeRobots: true, ct)));
    }

    private async Task AddLeadersAsync(List<(string, string, NoticeDraft, Func<NoticeDraft, Task>)> drafts, DateOnly date, List<OpenProblem> open, CancellationToken ct)
    {
        var leaderRole = await db.Roles.Where(r => r.Name == Roles.Leader).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.LeaderId != null && !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == leaderRole))
            .OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.DisplayName, LeaderId = u.LeaderId!.Value, Leader = u.Leader!.Name }).ToListAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => i.LeaderId != null)
            .Select(i => new { i.Id, i.Number, i.Name, LeaderId = i.LeaderId!.Value }).ToListAsync(ct);
        var unitNames = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        foreach (var account in accounts)
        {
            var lines = new List<string>();
            foreach (var indicator in indicators.Where(i => i.LeaderId == account.LeaderId).OrderBy(i => i.Number).ThenBy(i => i.Id))
            {
                var overdue = open.Where(p => p.IndicatorId == indicator.Id && p.Light == TrafficLight.Red).ToList();
                if (overdue.Count == 0)
                {
                    continue;
                }

                lines.Add($"指标 {indicator.Number} {indicator.Name}：逾期 {overdue.Count} 项");
                lines.AddRange(overdue.Select(p =>
                    $"{Tags(p, r => r.Kind == WorkReasonKind.Overdue)}{p.IndicatorNumber}-{p.Ordinal} {Excerpt(p.Text)}（{UnitName(unitNames, p)}，整改时限 {DueText(p)}）"));
            }

            if (lines.Count == 0)
            {
                continue;
            }

            var title = $"{Day(date)} 每周督办提醒：您分管的指标有逾期问题";
            var body = $"{account.Leader}：\n{string.Join('\n', lines)}";
            var id = account.Id;
            var key = LeaderKey(id, date);
            drafts.Add((key, $"{account.Leader}（{account.DisplayName ?? account.UserName}）", Draft(title, body, $"/leaders/{account.LeaderId}", key),
                d => outbox.ToUsersAsync([id], d, officeRobots: false, ct)));
        }
    }

    private async Task<List<string>> AccountsInRoleAsync(string role, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(ct);
        return await db.Users.AsNoTracking().Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId)).Select(u => u.Id).ToListAsync(ct);
    }

    private static NoticeDraft Draft(string title, string body, string link, string key) => new(NotificationKind.Digest, title, body, link, DispatchKey: key);

    private static string UnitName(Dictionary<int, string> names, OpenProblem p) => p.UnitId is { } id ? names.GetValueOrDefault(id, "未定责任单位") : "未定责任单位";

    /// <summary>Why a problem is listed, as 【…】 tags; an overdue problem's 督办等级 follows its 逾期 tag.</summary>
    private static string Tags(OpenProblem p, Func<WorkReason, bool> which) =>
        string.Concat(p.Reasons.Where(which).Select(r =>
            $"【{r.Text}】" + (r.Kind == WorkReasonKind.Overdue && p.UrgeLevel is { } level ? $"【{level.ToChinese()}】" : "")));

    private static string DueText(OpenProblem p) => p.IsLongTerm ? "长期坚持" : ChinaTime.FormatDate(p.DueDate, "未定");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Excerpt(string text) => Outbox.Line(text, 30);
}
