using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Workflow;

/// <summary>Someone else saved the problem first; the current values are attached so nothing typed is lost.</summary>
public sealed class ConcurrencyConflictException(Problem current, string? message = null)
    : Exception(message ?? "该问题刚刚被他人修改。下方显示的是最新内容，您填写的内容仍保留在表单中，请核对后再保存。")
{
    public Problem Current { get; } = current;
}

/// <summary>A user writing to the workflow: who, and for which unit.</summary>
public sealed record Writer(string UserId, string Name, int? UnitId);

/// <summary>
/// Carries out the rectification workflow. Callers have already authorized the user against the resource
/// (<see cref="ResourceAuthorizationHandler"/>); the domain decides which transitions are allowed. Every method
/// saves once (or in one transaction), so a refused action writes nothing.
/// </summary>
public sealed class RectificationService(BizEnvDbContext db, EvidenceStore evidence, Outbox outbox, TimeProvider time, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options)
{
    /// <summary>How many entries, and how many instructions, one account may add to one problem or indicator in a minute.</summary>
    private int MaxWritesPerMinute => options.Value.MaxWritesPerMinute;

    private const string StaleReview = "您审核的申请已过期：打开页面后，该问题已被他人处理或重新提交。未做任何更改，请核对下方最新内容与进展后再审核。";

    /// <summary>How often an entry is tried against a problem row that other writers keep changing.</summary>
    private const int MaxAppendAttempts = 5;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Loads a problem with what its transitions need; null when it does not exist.</summary>
    public Task<Problem?> FindProblemAsync(int id, CancellationToken ct = default) =>
        db.Problems.Include(p => p.ExtensionRequests).SingleOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>Adds a progress entry (with evidence files) to a problem or, when <paramref name="problem"/> is null, to the indicator.</summary>
    /// <remarks>
    /// <paramref name="submissionKey"/> identifies the form as it was shown: the same form sent again by its author (a
    /// double click, a retry after a time-out) returns the entry the first one recorded and records nothing new.
    /// </remarks>
    public async Task<ProgressEntry> AddEntryAsync(
        int indicatorId, Problem? problem, Writer writer, DateOnly date, string? text, int? percent,
        IReadOnlyList<(string FileName, Stream Content)> files, CancellationToken ct = default, Guid? submissionKey = null, bool confirmed = false, int? percentShown = null)
    {
        var key = submissionKey is { } k && k != Guid.Empty ? k.ToString("N") : null;
        if (key is not null && await FindSubmittedAsync(writer.UserId, key, ct) is { } already)
        {
            if (IsRepeat(already, indicatorId, problem))
            {
                return already;
            }

            key = null; // a key copied to another problem's form: not a repeat of that form, so record it as a new entry
        }

        var today = ChinaTime.Today(time);
        text = ProgressEntry.CheckWork(date, text, today);
        if (problem?.IsSupportedBy(writer.UnitId) == true)
        {
            percent = null; // 协办: a deputy's or member's entry does not move the responsible unit's figures
        }

        // A drop below what the user's form showed (else below the problem's percent now) must be confirmed.
        ProgressEntry.CheckUnusual(date, today, percent, percentShown ?? problem?.PercentComplete, confirmed);
        var since = Now - TimeSpan.FromMinutes(1);
        if (await db.ProgressEntries.CountAsync(e => e.IndicatorId == indicatorId && e.ProblemId == (problem == null ? null : problem.Id) && e.AuthorId == writer.UserId && e.CreatedAtUtc > since, ct) >= MaxWritesPerMinute)
        {
            throw new TooFastException($"您一分钟内已在此登记了 {MaxWritesPerMinute} 条进展，请稍后再试。");
        }

        if (files.Count > EvidenceOptions.MaxFilesPerEntry)
        {
            throw new RefusedException($"每条进展最多上传 {EvidenceOptions.MaxFilesPerEntry} 个文件。");
        }

        // Check every file before writing anything: one bad file refuses the whole entry.
        var checkedFiles = new List<CheckedFile>();
        foreach (var (fileName, content) in files)
        {
            checkedFiles.Add(await EvidenceStore.CheckAsync(content, fileName, ct));
        }

        problem?.CheckCanRecordProgress(percent);
        // Files first, then the row: a file without a row is removed again below, a row never lacks its file.
        var stored = new List<string>();
        try
        {
            foreach (var file in checkedFiles)
            {
                if (await evidence.SaveAsync(file, ct))
                {
                    stored.Add(file.Sha256);
                }
            }

            // Appending is not editing: a writer who loses a race for the problem's row reads it again and appends anyway.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await AppendEntryAsync(indicatorId, problem, writer, date, text, percent, checkedFiles, key, ct);
                }
                catch (ConcurrencyConflictException) when (problem is not null && attempt < MaxAppendAttempts)
                {
                    db.ChangeTracker.Clear();
                    problem = await FindProblemAsync(problem.Id, ct) ?? throw new RefusedException("该问题已不存在。");
                }
                catch (DbUpdateException) when (key is not null)
                {
                    // The same form, sent twice at once, lost the race to its twin (the unique key refused it).
                    db.ChangeTracker.Clear();
                    return await FindSubmittedAsync(writer.UserId, key, ct) ?? throw new RefusedException("登记进展失败，请重试。");
                }
            }
        }
        catch
        {
            foreach (var sha256 in stored)
            {
                // Unless a concurrent upload of the same file has its row by now.
                if (!await EvidenceStore.IsReferencedAsync(db, sha256))
                {
                    evidence.Remove(sha256);
                }
            }

            throw;
        }
    }

    /// <summary>An entry with the form's key is a repeat of that form only on the same problem or indicator.</summary>
    private static bool IsRepeat(ProgressEntry entry, int indicatorId, Problem? problem) =>
        entry.IndicatorId == indicatorId && entry.ProblemId == problem?.Id;

    private Task<ProgressEntry?> FindSubmittedAsync(string authorId, string key, CancellationToken ct) =>
        db.ProgressEntries.AsNoTracking().FirstOrDefaultAsync(e => e.AuthorId == authorId && e.SubmissionKey == key, ct);

    private async Task<ProgressEntry> AppendEntryAsync(
        int indicatorId, Problem? problem, Writer writer, DateOnly date, string text, int? percent, IReadOnlyList<CheckedFile> files, string? key, CancellationToken ct)
    {
        // The transaction holds the write lock (SQLite) or the problem's row lock (a server database) from here on, so
        // the problem read again below is the one this entry is appended to, and a twin of this form sent at the same
        // moment is seen; what still races shows as a concurrency conflict (tried again) or a duplicate key.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (problem is not null)
        {
            await LockProblemAsync(problem.Id, ct);
        }

        if (key is not null && await FindSubmittedAsync(writer.UserId, key, ct) is { } twin && IsRepeat(twin, indicatorId, problem))
        {
            return twin;
        }

        var supporting = false;
        if (problem is not null)
        {
            await db.Entry(problem).ReloadAsync(ct);
            supporting = problem.IsSupportedBy(writer.UnitId);
            if (supporting)
            {
                problem.CheckCanRecordProgress(null);
            }
            else
            {
                problem.RecordProgress(percent, writer.Name, Now);
            }
        }

        var entry = new ProgressEntry
        {
            IndicatorId = indicatorId,
            ProblemId = problem?.Id,
            UnitId = writer.UnitId,
            AuthorId = writer.UserId,
            AuthorName = writer.Name,
            Date = date,
            Text = text,
            PercentComplete = problem is null || supporting ? null : percent,
            IsSupporting = supporting,
            SubmissionKey = key,
        };
        entry.Evidence.AddRange(files.Select(f => new Evidence { FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, Sha256 = f.Sha256 }));
        db.ProgressEntries.Add(entry);
        await SaveAsync(problem, ct);
        // The responsible unit's entry answers the open instructions on what it wrote about (for an indicator
        // without problems, the lead unit's).
        var answers = writer.UnitId is { } unitId && (problem is not null
            ? problem.ResponsibleUnitId == unitId
            : await db.IndicatorUnits.AnyAsync(iu => iu.IndicatorId == indicatorId && iu.UnitId == unitId && iu.Role == UnitRole.Lead, ct));
        if (answers)
        {
            var open = await db.Instructions
                .Where(i => i.AnsweredByEntryId == null && i.IndicatorId == indicatorId && i.ProblemId == entry.ProblemId)
                .ToListAsync(ct);
            foreach (var instruction in open)
            {
                instruction.AnsweredByEntryId = entry.Id;
                instruction.AnsweredAtUtc = Now;
            }

            // ... and the open 催办 on the problem.
            if (problem is not null)
            {
                foreach (var urge in await db.Urges.Where(u => u.ProblemId == problem.Id && u.AnsweredByEntryId == null).ToListAsync(ct))
                {
                    urge.AnsweredByEntryId = entry.Id;
                    urge.AnsweredAtUtc = Now;
                }
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return entry;
    }

    /// <summary>
    /// Changes an entry's date, text and percent while it may be changed (the caller has authorized its author); its
    /// problem's figures follow the entries as they now are.
    /// </summary>
    public async Task EditEntryAsync(ProgressEntry entry, DateOnly date, string? text, int? percent, Writer writer, bool confirmed = false, CancellationToken ct = default)
    {
        await CheckChangeableAsync(entry, ct);
        entry.Edit(date, text, percent, ChinaTime.Today(time), confirmed);
        await ChangeEntriesAsync(entry, writer, ct);
    }

    /// <summary>
    /// Deletes an entry while it may be changed; its problem's figures follow the entries that remain, and a 批示 it
    /// answered is open again.
    /// </summary>
    public async Task DeleteEntryAsync(ProgressEntry entry, Writer writer, CancellationToken ct = default)
    {
        await CheckChangeableAsync(entry, ct);
        db.ProgressEntries.Remove(entry);
        foreach (var answered in await db.Instructions.Where(i => i.AnsweredByEntryId == entry.Id).ToListAsync(ct))
        {
            answered.AnsweredByEntryId = null;
            answered.AnsweredAtUtc = null;
        }

        foreach (var answered in await db.Urges.Where(u => u.AnsweredByEntryId == entry.Id).ToListAsync(ct))
        {
            answered.AnsweredByEntryId = null;
            answered.AnsweredAtUtc = null;
        }

        await ChangeEntriesAsync(entry, writer, ct);
    }

    /// <summary>Saves a changed or removed entry and, in the same transaction, makes its problem follow the entries that count.</summary>
    /// <remarks>
    /// Whether the entry may still change is asked again inside the transaction, after the problem is read: a 申请销号
    /// saved between the caller's check and this write freezes the entry, and the change is rolled back.
    /// </remarks>
    private async Task ChangeEntriesAsync(ProgressEntry entry, Writer writer, CancellationToken ct)
    {
        if (entry.ProblemId is not { } problemId)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockProblemAsync(problemId, ct);
        await db.SaveChangesAsync(ct);
        var problem = await db.Problems.SingleAsync(p => p.Id == problemId, ct);
        entry.CheckChangeable(Now, Problem.FrozenUntil(problem.Status, await LastDecisionAsync(problemId, ct)));
        if (!entry.IsSupporting)
        {
            var counting = db.ProgressEntries.Where(e => e.ProblemId == problemId && !e.IsSupporting);
            problem.FollowEntries(new EntryTally(
                await counting.MaxAsync(e => (DateTime?)e.CreatedAtUtc, ct),
                await counting.Where(e => e.PercentComplete != null).OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id).Select(e => e.PercentComplete).FirstOrDefaultAsync(ct)),
                writer.Name, Now);
            await SaveAsync(problem, ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task SubmitForClosureAsync(Problem problem, string? note, Writer writer, CancellationToken ct = default)
    {
        var hasEvidence = await db.Evidence.AnyAsync(e => e.ProgressEntry.ProblemId == problem.Id, ct);
        problem.SubmitForClosure(note, hasEvidence, writer.Name, Now);
        await SaveAsync(problem, ct);
    }

    /// <summary>销号, unless the problem changed after <paramref name="version"/> (the submission the reviewer saw) was read.</summary>
    public async Task ApproveClosureAsync(Problem problem, Guid version, string? comment, Writer writer, CancellationToken ct = default)
    {
        ExpectVersion(problem, version, StaleReview);
        problem.ApproveClosure(comment, writer.Name, Now);
        await outbox.AboutProblemAsync(problem, NotificationKind.Closed, " 已销号", Opinion(comment), writer.Name, ct);
        await SaveAsync(problem, ct);
    }

    /// <summary>退回, unless the problem changed after <paramref name="version"/> (the submission the reviewer saw) was read.</summary>
    public async Task ReturnAsync(Problem problem, Guid version, string? reason, Writer writer, CancellationToken ct = default)
    {
        ExpectVersion(problem, version, StaleReview);
        problem.ReturnSubmission(reason ?? "", writer.Name, Now);
        await outbox.AboutProblemAsync(problem, NotificationKind.Returned, " 的销号申请被退回", Opinion(reason) + "\n请按审核意见继续整改后重新申请销号。", writer.Name, ct);
        await SaveAsync(problem, ct);
    }

    public Task MarkOngoingAsync(Problem problem, Writer writer, CancellationToken ct = default)
    {
        problem.MarkOngoing(writer.Name, Now);
        return SaveAsync(problem, ct);
    }

    public Task RequestExtensionAsync(Problem problem, DateOnly? newDueDate, string? reason, Writer writer, CancellationToken ct = default)
    {
        if (newDueDate is not { } due)
        {
            throw new RefusedException("请填写申请的新整改时限。");
        }

        if (due <= ChinaTime.Today(time))
        {
            throw new RefusedException("申请的新整改时限须晚于今天。");
        }

        problem.RequestExtension(due, reason ?? "", writer.Name, Now);
        return SaveAsync(problem, ct);
    }

    public async Task DecideExtensionAsync(Problem problem, long requestId, bool approve, string? reason, Writer writer, CancellationToken ct = default)
    {
        problem.DecideExtension(requestId, approve, reason, writer.Name, Now);
        var request = problem.ExtensionRequests.Single(r => r.Id == requestId);
        var what = approve ? $" 的延期申请已批准，新整改时限 {ChinaTime.FormatDate(request.NewDueDate)}" : " 的延期申请未获批准";
        await outbox.AboutProblemAsync(problem, NotificationKind.ExtensionDecided, what, Opinion(reason), writer.Name, ct);
        await SaveAsync(problem, ct);
    }

    /// <summary>Saves new measures, unless someone saved the problem after <paramref name="version"/> was read.</summary>
    public Task EditMeasuresAsync(Problem problem, Guid version, string? measures, CancellationToken ct = default)
    {
        ExpectVersion(problem, version);
        problem.EditMeasures(measures);
        return SaveAsync(problem, ct);
    }

    public async Task SetScheduleAsync(Problem problem, Guid version, DateOnly? dueDate, DateOnly? startDate, int? responsibleUnitId, CancellationToken ct = default)
    {
        ExpectVersion(problem, version);
        await db.Entry(problem).Reference(p => p.Indicator).Query().Include(i => i.Units).LoadAsync(ct);
        problem.SetSchedule(dueDate, startDate, responsibleUnitId);
        await SaveAsync(problem, ct);
    }

    public async Task AddInstructionAsync(int indicatorId, int? problemId, string? text, Writer writer, CancellationToken ct = default)
    {
        var instruction = Instruction.Write(indicatorId, problemId, text, writer.Name);
        var since = Now - TimeSpan.FromMinutes(1);
        if (await db.Instructions.CountAsync(i => i.IndicatorId == indicatorId && i.ProblemId == problemId && i.AuthorName == writer.Name && i.CreatedAtUtc > since, ct) >= MaxWritesPerMinute)
        {
            throw new TooFastException($"您一分钟内已在此发出 {MaxWritesPerMinute} 条批示，请稍后再试。");
        }

        db.Instructions.Add(instruction);
        var detail = $"{writer.Name}批示：{instruction.Text}\n请在该问题下报送进展作出回复。";
        if (problemId is { } id && await db.Problems.FindAsync([id], ct) is { } problem)
        {
            await outbox.AboutProblemAsync(problem, NotificationKind.Instruction, " 有新的批示", detail, writer.Name, ct);
        }
        else
        {
            var indicator = await db.Indicators.AsNoTracking().Where(i => i.Id == indicatorId)
                .Select(i => new { i.Number, i.Name, Leads = i.Units.Where(u => u.Role == UnitRole.Lead).Select(u => u.UnitId).ToList() }).SingleAsync(ct);
            foreach (var unitId in indicator.Leads)
            {
                await outbox.ToUnitAsync(unitId, new NoticeDraft(
                    NotificationKind.Instruction, $"指标 {indicator.Number} {indicator.Name} 有新的批示", detail, $"/indicators/{indicatorId}", SenderName: writer.Name), ct);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 催办: an <see cref="Urge"/> and its notification to the responsible unit (every channel, whatever its accounts muted),
    /// saved together; refused when the problem was already urged today (Beijing time), also when another 催办 of it is
    /// saved between this check and this write (the unique day of <see cref="Urge.Day"/>).
    /// </summary>
    public async Task UrgeAsync(Problem problem, string? text, Writer writer, CancellationToken ct = default)
    {
        var last = await db.Urges.Where(u => u.ProblemId == problem.Id).MaxAsync(u => (DateTime?)u.AtUtc, ct);
        var urge = Urge.Write(problem, text, writer.Name, Now, last);
        db.Urges.Add(urge);
        await outbox.AboutProblemAsync(problem, NotificationKind.Urge, " 被催办", $"{writer.Name}催办：{urge.Text}\n请尽快推进整改并在该问题下报送进展。", writer.Name, ct);
        await SaveUrgesAsync(Urge.UrgedToday, ct);
    }

    /// <summary>
    /// 催办 on a unit: every open problem it answers for (on the indicators <paramref name="leaderId"/> leads, when a leader
    /// urges) that was not urged today gets an <see cref="Urge"/>, and the unit one notification listing them, saved
    /// together. Refused when there is nothing to urge. Returns what was done, in Chinese.
    /// </summary>
    public async Task<string> UrgeUnitAsync(int unitId, string? text, Writer writer, int? leaderId, CancellationToken ct = default)
    {
        var checkedText = Urge.CheckText(text);
        var problems = await Urge.OfUnit(db.Problems, unitId, leaderId)
            .OrderBy(p => p.Indicator.Number).ThenBy(p => p.Ordinal)
            .Select(p => new { Problem = p, p.Indicator.Number, LastUrged = db.Urges.Where(u => u.ProblemId == p.Id).Max(u => (DateTime?)u.AtUtc) })
            .ToListAsync(ct);
        if (problems.Count == 0)
        {
            throw new RefusedException(leaderId is null ? "该单位没有未销号的问题，无需催办。" : "该单位在您分管的指标中没有未销号的问题，无需催办。");
        }

        var due = problems.Where(p => !Urge.IsSameDay(p.LastUrged, Now)).ToList();
        if (due.Count == 0)
        {
            throw new RefusedException($"该单位的 {problems.Count} 项未销号问题今天都已催办过，每个问题每天最多催办一次。请明天再催办。");
        }

        foreach (var p in due)
        {
            db.Urges.Add(Urge.Write(p.Problem, checkedText, writer.Name, Now, p.LastUrged));
        }

        var listed = string.Join('\n', due.Select(p => $"{p.Number}-{p.Problem.Ordinal} {Outbox.Line(p.Problem.Text, 30)}"));
        await outbox.ToUnitAsync(unitId, new NoticeDraft(NotificationKind.Urge, $"被催办：{due.Count} 项问题",
            $"{writer.Name}催办：{checkedText}\n涉及问题：\n{listed}\n请尽快推进整改并在各问题下报送进展。", "/my-work", SenderName: writer.Name), ct);
        await SaveUrgesAsync("其中有问题刚刚被他人催办，本次催办未发出。请刷新页面后再试。", ct);
        var skipped = problems.Count - due.Count;
        return $"已催办 {due.Count} 项问题，责任单位将立即收到提醒。" + (skipped > 0 ? $"另有 {skipped} 项今天已催办过，未重复催办。" : "");
    }

    /// <summary>Saves new 催办; when another 催办 of one of their problems was saved first today, nothing is saved and <paramref name="raced"/> is the refusal.</summary>
    private async Task SaveUrgesAsync(string raced, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            var days = db.ChangeTracker.Entries<Urge>().Where(e => e.State == EntityState.Added).Select(e => new { e.Entity.ProblemId, e.Entity.Day }).ToList();
            foreach (var added in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
            {
                added.State = EntityState.Detached;
            }

            var problemIds = days.Select(d => d.ProblemId).ToList();
            var day = days.Count > 0 ? days[0].Day : default;
            if (days.Count > 0 && await db.Urges.AnyAsync(u => problemIds.Contains(u.ProblemId) && u.Day == day, ct))
            {
                throw new RefusedException(raced);
            }

            throw;
        }
    }

    private static string? Opinion(string? text) => string.IsNullOrWhiteSpace(text) ? null : "审核意见：" + text.Trim();

    public Stream? OpenEvidence(string sha256) => evidence.OpenRead(sha256);

    /// <summary><see cref="Problem.EntriesFrozenUntilUtc"/> for one problem, read without loading its history.</summary>
    public async Task<DateTime?> EntriesFrozenUntilAsync(int problemId, CancellationToken ct = default)
    {
        var status = await db.Problems.Where(p => p.Id == problemId).Select(p => p.Status).SingleAsync(ct);
        return Problem.FrozenUntil(status, await LastDecisionAsync(problemId, ct));
    }

    /// <summary>When the office last decided on a 申请销号 of the problem (批准 or 退回).</summary>
    private Task<DateTime?> LastDecisionAsync(int problemId, CancellationToken ct) =>
        db.StatusChanges.Where(c => c.ProblemId == problemId && c.From == ProblemStatus.SubmittedForClosure).MaxAsync(c => (DateTime?)c.AtUtc, ct);

    /// <summary>Refuses, saying why, a change to an entry that may no longer be changed (frozen by a review, or past 24 hours).</summary>
    public async Task CheckChangeableAsync(ProgressEntry entry, CancellationToken ct = default) =>
        entry.CheckChangeable(Now, entry.ProblemId is { } problemId ? await EntriesFrozenUntilAsync(problemId, ct) : null);

    /// <summary>
    /// Takes the problem's row lock until the transaction ends, with a write that changes nothing. SQLite's transactions
    /// hold the whole database's write lock, so writers of one problem already follow each other there; on PostgreSQL
    /// or SQL Server (read committed) a writer would otherwise read the problem while another is changing it, and lose
    /// the race (a refused save) or check a status that is no longer true.
    /// </summary>
    private Task LockProblemAsync(int problemId, CancellationToken ct) =>
        db.Problems.IgnoreQueryFilters().Where(p => p.Id == problemId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version), ct);

    private void ExpectVersion(Problem problem, Guid version, string? message = null)
    {
        if (problem.Version != version)
        {
            throw new ConcurrencyConflictException(problem, message);
        }

        // Also guards the save itself: EF puts the version read with the form into the UPDATE's WHERE clause.
        db.Entry(problem).Property(p => p.Version).OriginalValue = version;
    }

    private async Task SaveAsync(Problem? problem, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (problem is not null)
        {
            await db.Entry(problem).ReloadAsync(ct);
            throw new ConcurrencyConflictException(problem);
        }
    }
}

/// <summary>The <c>Workflow</c> configuration section.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>
    /// Entries (and 批示) one account may add to one problem or indicator in a minute: a runaway script or a stuck client is
    /// answered 429. The write benchmark lifts it to measure the database rather than the guard.
    /// </summary>
    public int MaxWritesPerMinute { get; set; } = 10;
}
