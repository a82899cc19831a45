using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>Importing a list from Excel (Admin): upload, see what would change, confirm. Nothing is written before the confirmation.</summary>
[Authorize(Roles = Roles.Admin)]
[Route("admin/import")]
public sealed class ImportsController(ListImport import, ImportStaging staging, BizEnvDbContext db) : Controller
{
    // The preview's selects for a file at the import's limit: a few fields per problem and per unit name.
    private const long ConfirmLimit = 8 * 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index() => View(new ImportPageModel());

    [HttpPost("")]
    [RequestSizeLimit(UploadedWorkbook.UploadLimit)]
    [RequestFormLimits(MultipartBodyLengthLimit = UploadedWorkbook.UploadLimit)]
    public Task<IActionResult> Preview(IFormFile? file, CancellationToken ct) =>
        UploadedWorkbook.PreviewAsync(staging, file, "请选择要导入的 Excel 文件（.xlsx）。",
            bytes =>
            {
                var parsed = ListImporter.Read(new MemoryStream(bytes));
                return import.ImportAsync(parsed.List, parsed.Warnings, ImportChoices.None, dryRun: true, ct);
            },
            (fileName, plan, token) => View(nameof(Index), new ImportPageModel { FileName = fileName, Plan = plan, Token = token }),
            Refused, ct);

    /// <summary>Imports the staged file with the matches and unit choices the office made in the preview.</summary>
    [HttpPost("confirm")]
    [RequestSizeLimit(ConfirmLimit)]
    [RequestFormLimits(ValueCountLimit = ImportChoicesForm.FormValueCount, MultipartBodyLengthLimit = ConfirmLimit)]
    public async Task<IActionResult> Confirm(
        [Display(Name = "导入凭据"), StringLength(64)] string? token, ImportChoicesForm choices, [Display(Name = "文件名"), StringLength(260)] string? fileName, CancellationToken ct)
    {
        if (!ModelState.IsValid || choices.ToChoices() is not { } made)
        {
            return Refused("预览中的选择无效，请重新预览后再确认。未导入任何内容。");
        }

        return await UploadedWorkbook.ConfirmAsync(staging, token, async bytes =>
        {
            var parsed = ListImporter.Read(new MemoryStream(bytes));
            var plan = await import.ImportAsync(parsed.List, parsed.Warnings, made, dryRun: false, ct);
            TempData["Notice"] = plan.Summary();
            var listId = await db.Lists.Where(l => l.Title == plan.Title).Select(l => l.Id).SingleAsync(ct);
            return RedirectToAction("Index", "Lists", new { id = listId });
        }, message => Refused(NothingImported(message)), async (refusal, bytes) =>
        {
            var message = refusal.Message;
            // The preview again, with what the office chose and typed, so that correcting one field loses nothing.
            db.ChangeTracker.Clear();
            try
            {
                var parsed = ListImporter.Read(new MemoryStream(bytes));
                var plan = await import.ImportAsync(parsed.List, parsed.Warnings, made with { Metrics = [] }, dryRun: true, ct);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(nameof(Index), new ImportPageModel
                {
                    FileName = string.IsNullOrWhiteSpace(fileName) ? "已上传的文件" : fileName, Plan = plan, Token = token, Error = NothingImported(message), Posted = choices,
                    RefusedMetric = refusal is MetricChoiceRefusedException metric ? (metric.Indicator, metric.Suggestion) : null,
                });
            }
            catch (ImportRefusedException)
            {
                return Refused(NothingImported(message));
            }
        });
    }

    private static string NothingImported(string message) => message.EndsWith("未导入任何内容。", StringComparison.Ordinal) ? message : message + "未导入任何内容。";

    private ViewResult Refused(string message)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), new ImportPageModel { Error = message });
    }
}

/// <summary>The preview's selects as posted: per reworded or added problem the old problem it continues (0: new), per look-alike unit the choice.</summary>
public sealed partial class ImportChoicesForm
{
    // As many as a file of the import's limit can ask for: one per problem row, one per unit name.
    [Display(Name = "问题对应")]
    [MaxLength(2 * ListImporter.MaxRows)]
    public List<ProblemChoiceField> Problems { get; set; } = [];

    [Display(Name = "相似单位")]
    [MaxLength(ListImporter.MaxRows)]
    public List<UnitChoiceField> Units { get; set; } = [];

    /// <summary>At most this many suggested metrics in one preview (the importer proposes at most 20 per indicator).</summary>
    public const int MaxMetrics = 2000;

    /// <summary>The values a confirmation may send: four per problem or unit choice, seven per suggested metric, and a few more.</summary>
    public const int FormValueCount = (4 * ListImporter.MaxRows) + (7 * MaxMetrics) + 16;

    [Display(Name = "建议的对标指标项")]
    [MaxLength(MaxMetrics)]
    public List<MetricChoiceField> Metrics { get; set; } = [];

    /// <summary>The choices, or null when a unit choice is not one the page offers.</summary>
    public ImportChoices? ToChoices()
    {
        var units = new List<UnitChoiceMade>();
        foreach (var unit in Units.Where(u => !string.IsNullOrEmpty(u.Choice)))
        {
            var match = UnitChoicePattern().Match(unit.Choice!);
            if (unit.Name is null || !match.Success)
            {
                return null;
            }

            units.Add(match.Groups["kind"].Value switch
            {
                "rename" => new UnitChoiceMade(unit.Name, UnitChoice.Rename, int.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)),
                "merge" => new UnitChoiceMade(unit.Name, UnitChoice.Merge, int.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)),
                _ => new UnitChoiceMade(unit.Name, UnitChoice.New, null),
            });
        }

        return new ImportChoices(
            [.. Problems.Where(p => p.Match is not null).Select(p => new ProblemChoice(p.Indicator, p.Position, p.Match == 0 ? null : p.Match))],
            units)
        {
            Metrics = [.. Metrics.Where(m => m.Accept).Select(m => new MetricChoice(m.Indicator, m.Suggestion, m.Name, m.Value, m.Unit, m.Direction))],
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(?:(?<kind>rename|merge):(?<id>[0-9]{1,9})|(?<kind>new))$")]
    private static partial System.Text.RegularExpressions.Regex UnitChoicePattern();
}

public sealed class ProblemChoiceField
{
    [Display(Name = "指标序号")]
    [Range(1, 999)]
    public int Indicator { get; set; }

    [Display(Name = "问题序号")]
    [Range(1, 9999)]
    public int Position { get; set; }

    /// <summary>The old problem's id, 0 for a new problem, absent to keep the matcher's pairing.</summary>
    [Display(Name = "对应的原问题")]
    [Range(0, int.MaxValue)]
    public int? Match { get; set; }
}

/// <summary>One suggested metric as the preview posts it: which one, whether it is accepted, and its fields as corrected.</summary>
public sealed class MetricChoiceField
{
    [Display(Name = "指标序号")]
    [Range(1, 999)]
    public int Indicator { get; set; }

    [Display(Name = "建议序号")]
    [Range(1, 9999)]
    public int Suggestion { get; set; }

    public bool Accept { get; set; }

    [Display(Name = "指标项名称")]
    [StringLength(Domain.Benchmarking.BenchmarkMetric.NameLength)]
    public string? Name { get; set; }

    [Display(Name = "全省最佳值")]
    [StringLength(20)]
    public string? Value { get; set; }

    [Display(Name = "单位")]
    [StringLength(Domain.Benchmarking.BenchmarkMetric.UnitLength)]
    public string? Unit { get; set; }

    [Display(Name = "方向")]
    [StringLength(20)]
    public string? Direction { get; set; }
}

public sealed class UnitChoiceField
{
    [Display(Name = "单位名称")]
    [StringLength(Domain.FieldLengths.Name)]
    public string? Name { get; set; }

    /// <summary>rename:id, merge:id or new.</summary>
    [Display(Name = "单位处理方式")]
    [StringLength(20)]
    public string? Choice { get; set; }
}

public sealed class ImportPageModel
{
    public string? FileName { get; init; }

    public ImportPlan? Plan { get; init; }

    public string? Token { get; init; }

    public string? Error { get; init; }

    /// <summary>What the office chose and typed, when a confirmation was refused and the preview is shown again.</summary>
    public ImportChoicesForm? Posted { get; init; }

    /// <summary>The suggested metric whose correction was refused: its row is marked.</summary>
    public (int Indicator, int Suggestion)? RefusedMetric { get; init; }
}
