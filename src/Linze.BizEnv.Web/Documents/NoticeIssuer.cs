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
    /// <summary>Times a notice is tried with the next number after another took this one.</summary>
    private const int Attempts = 50;

    /// <summary>The longest a unit may be given to reply.</summary>
    public const int MaxReplyDays = 90;

    public DateOnly DefaultReplyBy() => ChinaTime.Today(time).AddDays(options.Value.ReplyDays);

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

        return await IssueAsync(unitId, problems, replyBy, writer, submissionKey, $"/problems/{problemId}", ct);
    }

    /// <summary>A notice on every overdue open problem the unit answers for in the working list; refused when there is none.</summary>
    public async Task<SupervisionNotice> IssueForUnitAsync(int unitId, DateOnly? replyBy, Writer writer, Guid? submissionKey = null, CancellationToken ct = default)
    {
        var problems = await OverdueOfUnitAsync(unitId, ct);
        if (problems.Count == 0)
        {
            throw new RefusedException("该单位在当前清单中没有逾期未销号的问题，无需印发督办通知单。");
        }

        return await IssueAsync(unitId, problems, replyBy, writer, submissionKey, "/my-work", ct);
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

    private async Task<SupervisionNotice> IssueAsync(int unitId, List<NoticeProblem> problems, DateOnly? replyBy, Writer writer, Guid? submissionKey, string link, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var reply = replyBy ?? DefaultReplyBy();
        if (reply <= today || reply > today.AddDays(MaxReplyDays))
        {
            throw new RefusedException($"回复期限须在明天到 {MaxReplyDays} 天以内（{ChinaTime.FormatDate(today.AddDays(1))} 至 {ChinaTime.FormatDate(today.AddDays(MaxReplyDays))}）。");
        }

        var key = submissionKey?.ToString("N");
        if (key is not null && await db.SupervisionNotices.AsNoTracking().FirstOrDefaultAsync(n => n.SubmissionKey == key, ct) is { } sent)
        {
            return sent;
        }

        var unitName = await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        var listTitle = problems[0].ListTitle;
        var template = await db.StoredTemplates.AsNoTracking().Where(t => t.Kind == TemplateKind.Notice).Select(t => t.Content).SingleOrDefaultAsync(ct);
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
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another notice took the number (or this form was sent twice): nothing of this one was saved.
                db.ChangeTracker.Clear();
                if (key is not null && await db.SupervisionNotices.AsNoTracking().FirstOrDefaultAsync(n => n.SubmissionKey == key, ct) is { } twice)
                {
                    return twice;
                }

                await Task.Delay(Random.Shared.Next(5, 40) * attempt / 4 + 5, ct);
            }
        }
    }

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
                r.PercentComplete, facts.OverdueDays, UrgeLevels.For(facts.OverdueDays, urgeLevels.Value), r.ListTitle);
        })];
    }
}

/// <summary>A problem as a 督办通知单 lists it.</summary>
public sealed record NoticeProblem(
    int Id, string Label, string IndicatorName, string Text, ProblemStatus Status, bool IsArchived, int? UnitId, DateOnly? DueDate,
    int PercentComplete, int? OverdueDays, UrgeLevel? Level, string ListTitle);
