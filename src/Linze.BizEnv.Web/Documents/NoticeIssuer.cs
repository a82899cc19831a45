using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Notifications;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Documents;

/// <summary>
/// Issues 督办通知单: for one open problem, or for every overdue problem a unit answers for in the working list. Issuing
/// takes the year's next number, writes the .docx from the template, and saves the notice, its problems (they show it in
/// their timelines) and the unit's notification together. Numbers have no gaps: the number is computed from those saved
/// and made unique by the database, so of two notices issued at once one saves and the other takes the next number.
/// Callers have authorized the user (<see cref="Authorization.Operations.IssueNotice"/>).
/// </summary>
public sealed class NoticeIssuer(
    BizEnvDbContext db, ListStore lists, Outbox outbox, TimeProvider time, IOptions<DocumentOptions> options,
    IOptions<TrafficLightOptions> lights, IOptions<UrgeOptions> urgeLevels, ILogger<NoticeIssuer> logger)
{
    /// <summary>Times a notice is tried with the next number after another took this one (on another instance).</summary>
    private const int Attempts = 50;

    /// <summary>One issue at a time in this process: numbers clash only between instances, and the once-a-day check holds here.</summary>
    private static readonly SemaphoreSlim Issuing = new(1, 1);

    /// <summary>The longest a unit may be given to reply.</summary>
    public const int MaxReplyDays = 90;

    /// <summary>The reply dates a notice may give today: the one offered (<c>Documents:ReplyDays</c> on), tomorrow, 90 days on.</summary>
    public ReplyDates ReplyWindow()
    {
        var today = ChinaTime.Today(time);
        return new ReplyDates(today.AddDays(options.Value.ReplyDays), today.AddDays(1), today.AddDays(MaxReplyDays));
    }

    /// <summary>A notice on one problem; refused when it is closed, archived or has no responsible unit.</summary>
    public async Task<SupervisionNotice> IssueForProblemAsync(int problemId, DateOnly? replyBy, Writer writer, Guid? submissionKey = null, CancellationToken ct = default)
    {
        var problems = await FactsAsync(db.Problems.IgnoreQueryFilters().Where(p => p.Id == problemId), ct);
        var problem = problems.SingleOrDefault() ?? throw new RefusedException("找不到该问题。");
        if (problem.Status == ProblemStatus.Closed || problem.IsArchived)
        {
            throw new RefusedException("该问题已销号或已归档，无需督办。");
        }

        if (problem.UnitId is not { } unitId)
        {
            throw new RefusedException("该问题尚无责任单位，无法印发督办通知单。请先设置责任单位。");
        }

        if (!problem.IsPressing)
        {
            throw new RefusedException("该问题未逾期，进展也未滞后（绿灯），无需印发督办通知单；如需提醒责任单位，可使用催办。");
        }

        return await IssueAsync(unitId, problems, replyBy, writer, submissionKey, $"/problems/{problemId}", single: true, ct);
    }

    /// <summary>A notice on every overdue open problem the unit answers for in the working list; refused when there is none.</summary>
    public async Task<SupervisionNotice> IssueForUnitAsync(int unitId, DateOnly? replyBy, Writer writer, Guid? submissionKey = null, CancellationToken ct = default)
    {
        var problems = await OverdueOfUnitAsync(unitId, ct);
        if (problems.Count == 0)
        {
            throw new RefusedException("该单位在当前清单中没有逾期未销号的问题，无需印发督办通知单。");
        }

        return await IssueAsync(unitId, problems, replyBy, writer, submissionKey, "/my-work", single: false, ct);
    }

    /// <summary>How many overdue open problems the unit answers for in the working list: what the unit page's button offers.</summary>
    public async Task<int> CountOverdueAsync(int unitId, CancellationToken ct = default) => (await OverdueOfUnitAsync(unitId, ct)).Count;

    private async Task<List<NoticeProblem>> OverdueOfUnitAsync(int unitId, CancellationToken ct)
    {
        if (await lists.FindActiveListIdAsync(ct) is not { } listId)
        {
            return [];
        }

        var open = await FactsAsync(db.Problems.Where(p => p.ResponsibleUnitId == unitId && p.Indicator.ListId == listId && p.Status != ProblemStatus.Closed), ct);
        return [.. open.Where(p => p.OverdueDays is not null)];
    }

    private async Task<SupervisionNotice> IssueAsync(
        int unitId, List<NoticeProblem> problems, DateOnly? replyBy, Writer writer, Guid? submissionKey, string link, bool single, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var window = ReplyWindow();
        var reply = replyBy ?? window.Offered;
        if (reply < window.Earliest || reply > window.Latest)
        {
            throw new RefusedException($"回复期限须在明天到 {MaxReplyDays} 天以内（{ChinaTime.FormatDate(window.Earliest)} 至 {ChinaTime.FormatDate(window.Latest)}）。");
        }

        await Issuing.WaitAsync(ct);
        try
        {
            return await IssueOnceAsync(unitId, problems, reply, writer, submissionKey?.ToString("N"), link, single, today, ct);
        }
        finally
        {
            Issuing.Release();
        }
    }

    private async Task<SupervisionNotice> IssueOnceAsync(
        int unitId, List<NoticeProblem> problems, DateOnly reply, Writer writer, string? key, string link, bool single, DateOnly today, CancellationToken ct)
    {
        // The same form sent again: the notice it issued, if it was this one.
        if (key is not null && await SentWithAsync(key, ct) is { } sent)
        {
            return sent.UnitId == unitId && sent.Problems.TrueForAll(p => problems.Exists(q => q.Id == p.ProblemId))
                ? sent
                : throw new RefusedException("该表单已用于印发另一份督办通知单，本次未印发。请刷新页面后再试。");
        }

        // A problem gets one notice a day: a second one (a reload, a double click) would take a 发文字号 for nothing.
        var startUtc = ChinaTime.ToUtc(today.ToDateTime(TimeOnly.MinValue));
        var ids = problems.Select(p => p.Id).ToList();
        var issuedToday = await db.SupervisionNoticeProblems.AsNoTracking()
            .Where(n => ids.Contains(n.ProblemId) && n.Notice.IssuedAtUtc >= startUtc)
            .Select(n => new { n.ProblemId, n.Notice.DocumentNumber }).ToListAsync(ct);
        if (issuedToday.Count > 0)
        {
            if (single)
            {
                throw new RefusedException($"该问题今天已印发过督办通知单（{issuedToday[0].DocumentNumber}），每个问题每天最多印发一份。可在下方记录中下载。");
            }

            problems = [.. problems.Where(p => !issuedToday.Exists(n => n.ProblemId == p.Id))];
            if (problems.Count == 0)
            {
                throw new RefusedException("该单位的逾期问题今天都已印发过督办通知单，每个问题每天最多印发一份。可在“督办通知单”台账中下载。");
            }
        }

        var unitName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        var listTitle = problems[0].ListTitle;
        var template = await db.StoredTemplates.ContentOfAsync(TemplateKind.Notice, ct);
        var prefix = options.Value.NoticePrefix.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            var number = (await db.SupervisionNotices.Where(n => n.Prefix == prefix && n.Year == today.Year).MaxAsync(n => (int?)n.Number, ct) ?? 0) + 1;
            var documentNumber = SupervisionNotice.Format(prefix, today.Year, number);
            var notice = new SupervisionNotice
            {
                Prefix = prefix,
                Year = today.Year,
                Number = number,
                DocumentNumber = documentNumber,
                UnitId = unitId,
                ReplyBy = reply,
                IssuedAtUtc = now,
                IssuedByName = writer.Name,
                SubmissionKey = key,
                Content = NoticeDocument.Write(template, new NoticeDocument.Facts(
                    options.Value.IssuingOffice, documentNumber, unitName, listTitle, reply, today, problems)),
            };
            foreach (var p in problems)
            {
                notice.Problems.Add(new SupervisionNoticeProblem { ProblemId = p.Id, OverdueDays = p.OverdueDays, Level = p.Level });
            }

            db.SupervisionNotices.Add(notice);
            var listed = string.Join('\n', problems.Select(p => $"{p.Label} {Outbox.Line(p.Text, 30)}"));
            await outbox.ToUnitAsync(unitId, new NoticeDraft(NotificationKind.SupervisionNotice, $"督办通知单 {documentNumber}",
                $"{options.Value.IssuingOffice}向你单位印发督办通知单（{documentNumber}），督办 {problems.Count} 个问题：\n{listed}\n"
                + $"请于 {DocumentParts.ChineseDate(reply)}前书面报送整改进展，并在平台报送进展和佐证材料。通知单可在问题页面的记录中下载。",
                link, problems.Count == 1 ? problems[0].Id : null, writer.Name), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("督办通知单 {Number} issued to unit {UnitId} on {Problems} problems", documentNumber, unitId, problems.Count);
                return notice;
            }
            catch (DbUpdateException) when (attempt == Attempts)
            {
                throw new RefusedException("多人正在同时印发督办通知单，本次未能取得发文字号，未印发。请稍后再试。");
            }
            catch (DbUpdateException)
            {
                // Another notice took the number (or this form was sent twice): nothing of this one was saved.
                db.ChangeTracker.Clear();
                if (key is not null && await SentWithAsync(key, ct) is { } twice)
                {
                    return twice.UnitId == unitId ? twice : throw new RefusedException("该表单已用于印发另一份督办通知单，本次未印发。请刷新页面后再试。");
                }

                await Task.Delay(Random.Shared.Next(5, 40) * attempt / 4 + 5, ct);
            }
        }
    }

    private Task<SupervisionNotice?> SentWithAsync(string key, CancellationToken ct) =>
        db.SupervisionNotices.AsNoTracking().Include(n => n.Problems).FirstOrDefaultAsync(n => n.SubmissionKey == key, ct);

    /// <summary>What a notice says of each problem, in list order, with its overdue days and 督办等级 today.</summary>
    private async Task<List<NoticeProblem>> FactsAsync(IQueryable<Problem> query, CancellationToken ct)
    {
        var rows = await query
            .OrderBy(p => p.Indicator.Number).ThenBy(p => p.Ordinal)
            .Select(p => new
            {
                p.Id, IndicatorNumber = p.Indicator.Number, IndicatorName = p.Indicator.Name, p.Ordinal, p.Text, p.Status, p.DueDate, p.StartDate,
                p.PercentComplete, p.LastProgressAtUtc, p.IsArchived, UnitId = p.ResponsibleUnitId,
                ListTitle = p.Indicator.List.Title, ListLoadedAtUtc = p.Indicator.List.CreatedAtUtc,
            })
            .ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. rows.Select(r =>
        {
            var facts = TrafficLightRules.Facts(new LightInput(r.Status, r.DueDate, r.StartDate, r.PercentComplete, r.LastProgressAtUtc, r.ListLoadedAtUtc), now, lights.Value);
            return new NoticeProblem(r.Id, $"{r.IndicatorNumber}-{r.Ordinal}", r.IndicatorName, r.Text, r.Status, r.IsArchived, r.UnitId, r.DueDate,
                r.PercentComplete, facts.OverdueDays, UrgeLevels.For(facts.OverdueDays, urgeLevels.Value), r.ListTitle, facts.IsAtRisk);
        })];
    }
}

/// <summary>The reply date a notice form offers, and the earliest and latest it takes.</summary>
public sealed record ReplyDates(DateOnly Offered, DateOnly Earliest, DateOnly Latest);

/// <summary>A problem as a 督办通知单 lists it; <paramref name="IsLagging"/>: its light is yellow (due soon, silent, behind pace).</summary>
public sealed record NoticeProblem(
    int Id, string Label, string IndicatorName, string Text, ProblemStatus Status, bool IsArchived, int? UnitId, DateOnly? DueDate,
    int PercentComplete, int? OverdueDays, UrgeLevel? Level, string ListTitle, bool IsLagging = false)
{
    /// <summary>Overdue or lagging: what a 督办通知单 is for.</summary>
    public bool IsPressing => OverdueDays is not null || IsLagging;
}
