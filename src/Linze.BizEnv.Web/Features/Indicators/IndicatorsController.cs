using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Features.Problems;
using Linze.BizEnv.Web.Features.Shared;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Indicators;

[ShowsFormErrors]
public sealed class IndicatorsController(
    BizEnvDbContext db, RectificationService workflow, BenchmarkReadings readings, MetricDefinitions metrics, IndicatorPageBuilder pages, TimeProvider time) : Controller
{
    /// <summary>One indicator: benchmark, problems with where each stands, leader, units by role, and 对标举措 when it has no problems.</summary>
    [HttpGet("/indicators/{id:int}")]
    public async Task<IActionResult> Details(int id, int history = 1, CancellationToken ct = default) =>
        await pages.BuildAsync(id, User, ct, history) is { } page ? View(page) : NotFound();

    /// <summary>对标举措: progress recorded on an indicator that has no problems.</summary>
    [HttpPost("/indicators/{id:int}/entries")]
    [RequestSizeLimit(UploadLimits.RequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestBytes)]
    public async Task<IActionResult> AddEntry(int id, EntryForm entry, List<IFormFile>? files, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.Update, "已登记对标举措。", page => page.Entry = entry, async indicator =>
        {
            if (await db.Problems.AnyAsync(p => p.IndicatorId == id, ct))
            {
                throw new RefusedException("本指标列有存在问题，请在具体问题下登记整改进展。");
            }

            await WebInput.WithUploadsAsync(files, uploads =>
                workflow.AddEntryAsync(id, null, User.ToWriter(), entry.Date ?? ChinaTime.Today(time), entry.Text, null, uploads, ct, entry.SubmissionKey, entry.Confirmed));
        }));

    [HttpPost("/indicators/{id:int}/instructions")]
    public async Task<IActionResult> Instruct(int id, [Display(Name = "批示内容"), Bounded(FieldLengths.Reason)] string? text, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.Instruct, "已发送批示。", page => page.InstructionInput = text, _ => workflow.AddInstructionAsync(id, null, text, User.ToWriter(), ct)));

    /// <summary>本县现值 of one of the indicator's 对标指标项 for a month (its lead unit or an Admin), with optional evidence.</summary>
    [HttpPost("/indicators/{id:int}/readings")]
    [RequestSizeLimit(UploadLimits.RequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestBytes)]
    public async Task<IActionResult> RecordReading(int id, ReadingForm reading, IFormFile? file, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.RecordReading, "已填报本县现值。", page => page.Reading = reading, async _ =>
        {
            var period = Domain.Benchmarking.MetricReading.ParsePeriod(reading.Period);
            if (file is null)
            {
                await readings.RecordAsync(id, reading.MetricId, period, reading.Value, reading.Source, null, User.ToWriter(), ct);
                return;
            }

            await using var content = file.OpenReadStream();
            await readings.RecordAsync(id, reading.MetricId, period, reading.Value, reading.Source, (file.FileName, content), User.ToWriter(), ct);
        }));

    /// <summary>A new 对标指标项 (Admin), read from words of the indicator's 全省最佳表现.</summary>
    [HttpPost("/indicators/{id:int}/metrics")]
    public async Task<IActionResult> AddMetric(int id, MetricForm metric, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.ManageMetrics, "已添加对标指标项。", page => page.MetricInput = metric,
            _ => metrics.AddAsync(id, metric.Typed(), ct)));

    /// <summary>A correction of a 对标指标项 (Admin): name, best value, unit, direction, words, note.</summary>
    [HttpPost("/indicators/{id:int}/metrics/{metricId:int}")]
    public async Task<IActionResult> CorrectMetric(int id, int metricId, MetricForm metric, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.ManageMetrics, "已修改对标指标项。", page => page.MetricInput = metric,
            _ => metrics.CorrectAsync(id, metricId, metric.Version, metric.Typed(), ct)));

    /// <summary>Removes a 对标指标项 with its readings (Admin; the page asks first).</summary>
    [HttpPost("/indicators/{id:int}/metrics/{metricId:int}/delete")]
    public async Task<IActionResult> RemoveMetric(int id, int metricId, [Display(Name = "版本")] Guid version, CancellationToken ct) =>
        await this.RunAsync(await FindAsync(id, ct), Step(Operations.ManageMetrics, "已删除对标指标项及其填报记录。", null,
            _ => metrics.RemoveAsync(id, metricId, version, ct)));

    private Task<Indicator?> FindAsync(int id, CancellationToken ct) => db.Indicators.SingleOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>A step on this indicator: done, back to its page; refused, its page again.</summary>
    private WorkflowStep<Indicator, IndicatorPageModel> Step(
        OperationAuthorizationRequirement operation, string notice, Action<IndicatorPageModel>? keepInput, Func<Indicator, Task> act) =>
        new(operation, act, notice, i => RedirectToAction(nameof(Details), new { id = i.Id }), _ => nameof(Details),
            i => pages.BuildAsync(i.Id, User, HttpContext.RequestAborted), keepInput);
}

/// <summary>Builds the indicator page with a fixed number of queries, its history a page at a time.</summary>
public sealed class IndicatorPageBuilder(BizEnvDbContext db, IAuthorizationService authorization, TimeProvider time, IOptions<TrafficLightOptions> lights, Benchmarks.BenchmarkQuery benchmarks)
{
    public async Task<IndicatorPageModel?> BuildAsync(int id, ClaimsPrincipal user, CancellationToken ct, int historyPage = 1)
    {
        var indicator = await db.Indicators.AsNoTracking()
            .Where(i => i.Id == id)
            .Select(i => new
            {
                Entity = i,
                List = new NamedLink(i.List.Id, i.List.Title),
                ListLoadedAtUtc = i.List.CreatedAtUtc,
                Leader = i.Leader == null ? null : new NamedLink(i.Leader.Id, i.Leader.Name),
                Problems = i.Problems.OrderBy(p => p.Ordinal).Select(p => new
                {
                    p.Id, p.Ordinal, p.Text, p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc,
                    Unit = p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                }).ToList(),
                Units = i.Units.OrderBy(u => u.Role).ThenBy(u => u.SortOrder)
                    .Select(u => new { u.Role, Link = new NamedLink(u.UnitId, u.Unit.Name) }).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (indicator is null)
        {
            return null;
        }

        // Neighbours for the previous/next links; a list has a few dozen indicators at most.
        var siblings = await db.Indicators.AsNoTracking()
            .Where(o => o.ListId == indicator.List.Id)
            .OrderBy(o => o.Number)
            .Select(o => new NamedLink(o.Id, o.Name))
            .ToListAsync(ct);
        var position = siblings.FindIndex(o => o.Id == id);
        var archived = await db.Problems.AsNoTracking().IgnoreQueryFilters().Where(p => p.IndicatorId == id && p.IsArchived)
            .OrderBy(p => p.Id).Select(p => new NamedLink(p.Id, p.Text)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var (entries, instructions, history) = await ProblemPageBuilder.NewestHistoryAsync(
            db.ProgressEntries.Where(e => e.IndicatorId == id && e.ProblemId == null), db.Instructions.Where(i => i.IndicatorId == id && i.ProblemId == null), 0, historyPage, ct);
        var openInstructions = await db.Instructions.AsNoTracking().Where(i => i.IndicatorId == id && i.ProblemId == null && i.AnsweredByEntryId == null)
            .OrderBy(i => i.CreatedAtUtc).Select(i => new OpenInstruction(i.Id, i.Text, i.AuthorName, i.CreatedAtUtc)).ToListAsync(ct);
        var timeline = ProblemPageBuilder.PageOf(
            entries.Select(e => ProblemPageBuilder.ProgressItem(e, userId, now)).Concat(instructions.Select(ProblemPageBuilder.InstructionItem)), history);
        var entity = indicator.Entity;
        return new IndicatorPageModel
        {
            Id = entity.Id,
            List = indicator.List,
            Number = entity.Number,
            Name = entity.Name,
            ProvinceBest = entity.ProvinceBest,
            Leader = indicator.Leader,
            Problems = [.. indicator.Problems.Select(p => new ProblemItem(p.Id, p.Ordinal, p.Text, p.Status,
                TrafficLightRules.Compute(new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, indicator.ListLoadedAtUtc), now, lights.Value),
                p.DueDate, p.PercentComplete, p.Unit))],
            Units = [.. UnitRoleNames.InListOrder.Select(role => new RoleUnits(role, [.. indicator.Units.Where(u => u.Role == role).Select(u => u.Link)]))],
            Previous = position > 0 ? siblings[position - 1] : null,
            Next = position < siblings.Count - 1 ? siblings[position + 1] : null,
            Timeline = timeline,
            History = history,
            ArchivedProblems = archived,
            OpenInstructions = openInstructions,
            CanAddProgress = indicator.Problems.Count == 0 && (await authorization.AuthorizeAsync(user, entity, Operations.Update)).Succeeded,
            CanInstruct = (await authorization.AuthorizeAsync(user, entity, Operations.Instruct)).Succeeded,
            Entry = new EntryForm { Date = ChinaTime.Today(time) },
            Metrics = await benchmarks.ForIndicatorAsync(id, ct),
            CanRecordReading = (await authorization.AuthorizeAsync(user, entity, Operations.RecordReading)).Succeeded,
            CanManageMetrics = (await authorization.AuthorizeAsync(user, entity, Operations.ManageMetrics)).Succeeded,
            Reading = new ReadingForm { Period = ReadingForm.Month(ChinaTime.Today(time)) },
        };
    }
}

public sealed class IndicatorPageModel : IRefusablePage, IConfirmingPage
{
    public required int Id { get; init; }

    public required NamedLink List { get; init; }

    public required int Number { get; init; }

    public required string Name { get; init; }

    public required string ProvinceBest { get; init; }

    public NamedLink? Leader { get; init; }

    public required IReadOnlyList<ProblemItem> Problems { get; init; }

    /// <summary>Problems no longer in the list since an update, kept with their history.</summary>
    public IReadOnlyList<NamedLink> ArchivedProblems { get; init; } = [];

    public required IReadOnlyList<RoleUnits> Units { get; init; }

    public NamedLink? Previous { get; init; }

    public NamedLink? Next { get; init; }

    public required IReadOnlyList<TimelineItem> Timeline { get; init; }

    /// <summary>Which page of the history <see cref="Timeline"/> is, newest first.</summary>
    public required Pager History { get; init; }

    public required IReadOnlyList<OpenInstruction> OpenInstructions { get; init; }

    public bool CanAddProgress { get; init; }

    public bool CanInstruct { get; init; }

    public EntryForm Entry { get; set; } = new();

    /// <summary>对标指标项 with where the county stands.</summary>
    public IReadOnlyList<Benchmarks.MetricRow> Metrics { get; init; } = [];

    public bool CanRecordReading { get; init; }

    /// <summary>The 本县现值 form, kept when refused.</summary>
    public ReadingForm Reading { get; set; } = new();

    public bool CanManageMetrics { get; init; }

    /// <summary>A refused 指标项 form (MetricId 0: adding), shown again open with what was typed.</summary>
    public MetricForm? MetricInput { get; set; }

    /// <summary>对标达标率 of the indicator; null when no metric has a reading.</summary>
    public int? BenchmarkRate => Domain.Benchmarking.BenchmarkRules.Rate(Metrics.Select(m => m.Assessment.State));

    /// <summary>A refused 批示, shown again for correction.</summary>
    public string? InstructionInput { get; set; }

    public string? Error { get; set; }

    public void AskToConfirm() => Entry.AskConfirmation = true;
}

public sealed record ProblemItem(int Id, int Ordinal, string Text, ProblemStatus Status, TrafficLight Light, DateOnly? DueDate, int PercentComplete, string? ResponsibleUnit);

public sealed record RoleUnits(UnitRole Role, IReadOnlyList<NamedLink> Units);

/// <summary>A 对标指标项 as typed on the indicator page (Admin): to add (MetricId 0) or correct one.</summary>
public sealed class MetricForm
{
    public int MetricId { get; set; }

    [Display(Name = "指标项名称"), Bounded(Domain.Benchmarking.BenchmarkMetric.NameLength)]
    public string? Name { get; set; }

    [Display(Name = "原文"), Bounded(Domain.Benchmarking.BenchmarkMetric.WordsLength)]
    public string? Words { get; set; }

    [Display(Name = "全省最佳值"), Bounded(20)]
    public string? Value { get; set; }

    [Display(Name = "单位"), Bounded(Domain.Benchmarking.BenchmarkMetric.UnitLength)]
    public string? Unit { get; set; }

    [Display(Name = "方向"), Bounded(20)]
    public string? Direction { get; set; }

    [Display(Name = "说明"), Bounded(Domain.Benchmarking.BenchmarkMetric.NoteLength)]
    public string? Note { get; set; }

    [Display(Name = "版本")]
    public Guid Version { get; set; }

    public Domain.MetricDocument Typed() => Domain.Benchmarking.BenchmarkMetric.Typed(Name, Words, Value, Unit, Direction, Note);

    /// <summary>The form filled with a metric as it is, to correct it.</summary>
    public static MetricForm Of(Benchmarks.MetricRow metric) => new()
    {
        MetricId = metric.Id, Name = metric.Name, Words = metric.Words, Unit = metric.Unit, Note = metric.Note, Version = metric.Version,
        Value = metric.IsYesNo ? "" : Domain.Benchmarking.BenchmarkRules.Format(metric.Best, false),
        Direction = Domain.Benchmarking.BenchmarkMetric.DirectionChoice(metric.IsYesNo, metric.Direction),
    };
}

/// <summary>The 本县现值 form: which metric, the month (yyyy-MM, as a month field sends it), the value as typed and its source.</summary>
public sealed class ReadingForm
{
    [Display(Name = "对标指标项")]
    public int MetricId { get; set; }

    [Display(Name = "期间"), Bounded(20)]
    public string? Period { get; set; }

    [Display(Name = "本县值"), Bounded(30)]
    public string? Value { get; set; }

    [Display(Name = "来源"), Bounded(Domain.Benchmarking.MetricReading.SourceLength)]
    public string? Source { get; set; }

    public static string Month(DateOnly date) => date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
