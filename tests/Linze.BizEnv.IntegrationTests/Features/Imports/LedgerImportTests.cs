using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using OfficeOpenXml;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

/// <summary>The 整改台账 round trip: export, fill in Excel, import back (command line and admin page).</summary>
public sealed partial class LedgerImportTests(BizEnvFactory shared) : IClassFixture<BizEnvFactory>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bizenv-ledger-").FullName;

    private static int Col(string header) => LedgerLayout.Column(header);

    private static async Task<(int Exit, string Out, string Error)> RunAsync(BizEnvFactory portal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(portal.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The portal's ledger, exported by the command line, as bytes.</summary>
    private async Task<byte[]> ExportAsync(BizEnvFactory portal)
    {
        var path = Path.Combine(_dir, $"导出-{Guid.NewGuid():N}.xlsx");
        var (exit, _, error) = await RunAsync(portal, "export", "ledger", path);
        Assert.True(exit == 0, error);
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>The ledger filled in: <paramref name="fill"/> gets the 整改台账 sheet and the row of each 问题编号.</summary>
    private static byte[] Fill(byte[] ledger, Action<ExcelWorksheet, Dictionary<string, int>> fill)
    {
        using var package = new ExcelPackage(new MemoryStream(ledger));
        var sheet = package.Workbook.Worksheets[LedgerLayout.Sheet];
        var rows = Enumerable.Range(4, sheet.Dimension.End.Row - 3)
            .Where(r => sheet.Cells[r, Col(LedgerLayout.Number)].Text.Length > 0)
            .ToDictionary(r => sheet.Cells[r, Col(LedgerLayout.Number)].Text);
        fill(sheet, rows);
        return package.GetAsByteArray();
    }

    private string Save(byte[] workbook)
    {
        var path = Path.Combine(_dir, $"台账-{Guid.NewGuid():N}.xlsx");
        File.WriteAllBytes(path, workbook);
        return path;
    }

    /// <summary>Each problem's 问题编号 → (measures, 整改时限 as the ledger writes it, unit, version).</summary>
    private static Task<Dictionary<string, (string Measures, string Due, string Unit, Guid Version)>> ProblemsAsync(BizEnvFactory portal) => portal.WithDbAsync(async db =>
        (await db.Problems.AsNoTracking().Select(p => new { p.Indicator.Number, p.Ordinal, p.Measures, p.DueDate, p.IsLongTerm, Unit = p.ResponsibleUnit!.Name, p.Version }).ToListAsync())
            .ToDictionary(p => $"{p.Number}-{p.Ordinal}", p => (p.Measures ?? "", LedgerLayout.DueText(p.DueDate, p.IsLongTerm), p.Unit, p.Version)));

    [Fact]
    public async Task TheOfficeFillsEveryProblemInExcelAndImportsItBackThenTheNextExportImportsUnchanged()
    {
        using var portal = new BizEnvFactory();
        var exported = await ExportAsync(portal);
        var unitsOn = await portal.WithDbAsync(async db => (await db.IndicatorUnits.AsNoTracking().Select(iu => new { iu.Indicator.Number, iu.Unit.Name }).ToListAsync())
            .GroupBy(iu => iu.Number).ToDictionary(g => g.Key, g => g.Select(x => x.Name).Order(StringComparer.Ordinal).ToList()));
        var before = await ProblemsAsync(portal);
        Assert.Equal(44, before.Count);
        Assert.All(before.Values, p => Assert.Equal("", p.Due)); // today every problem starts without a 整改时限

        var expected = new Dictionary<string, (string Measures, string Due, string Unit)>();
        var filled = Fill(exported, (sheet, rows) =>
        {
            foreach (var ((number, row), k) in rows.OrderBy(r => r.Value).Select((r, k) => (r, k)))
            {
                var date = new DateOnly(2023, 1 + (k % 12), 1 + (k % 28));
                var due = sheet.Cells[row, Col(LedgerLayout.Due)];
                switch (k % 6)
                {
                    case 0:
                        due.Value = date.ToDateTime(TimeOnly.MinValue);
                        due.Style.Numberformat.Format = "yyyy-mm-dd";
                        break;
                    case 1: due.Value = $"{date.Year}年{date.Month}月{date.Day}日"; break;
                    case 2: due.Value = $"{date.Year}.{date.Month}.{date.Day}"; break;
                    case 3: due.Value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                    case 4: due.Value = $"{date.Year}/{date.Month}/{date.Day}"; break;
                    default: due.Value = "长期坚持"; break;
                }

                var measures = $"措施 {number}：\n1. 梳理流程；\n2. 按月调度。";
                sheet.Cells[row, Col(LedgerLayout.Measures)].Value = measures;
                var units = unitsOn[int.Parse(number.Split('-')[0], CultureInfo.InvariantCulture)];
                var unit = units[(units.IndexOf(before[number].Unit) + 1) % units.Count];
                sheet.Cells[row, Col(LedgerLayout.Unit)].Value = unit;
                expected[number] = (measures, k % 6 == 5 ? "长期坚持" : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), unit);
            }
        });
        var file = Save(filled);
        var listsBefore = await portal.WithDbAsync(db => db.Lists.CountAsync());

        var dry = await RunAsync(portal, "import", "ledger", file, "--dry-run");

        Assert.True(dry.Exit == 0, dry.Error);
        Assert.Contains("试导入（未写入）整改台账 → 《临泽县优化营商环境对标提升责任清单》：44 个问题行，44 个问题有改动。", dry.Out, StringComparison.Ordinal);
        Assert.Contains("修改：问题 1-1“", dry.Out, StringComparison.Ordinal);
        Assert.Contains("整改时限 （空） → “2023-01-01”", dry.Out, StringComparison.Ordinal);
        Assert.Equal(before, await ProblemsAsync(portal));

        var run = await RunAsync(portal, "import", "ledger", file);

        Assert.True(run.Exit == 0, run.Error);
        Assert.StartsWith("已导入整改台账", run.Out, StringComparison.Ordinal);
        var after = await ProblemsAsync(portal);
        Assert.Equal(expected, after.ToDictionary(p => p.Key, p => (p.Value.Measures, p.Value.Due, p.Value.Unit)));
        Assert.Equal(listsBefore, await portal.WithDbAsync(db => db.Lists.CountAsync())); // not taken for a list named "ledger"
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Problem) && a.Changes!.Contains("措施 1-1") && a.Changes.Contains("2023-01-01"))));

        var again = await RunAsync(portal, "import", "ledger", Save(await ExportAsync(portal)));

        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("没有任何改动", again.Out, StringComparison.Ordinal);
        Assert.Equal(after, await ProblemsAsync(portal));
        using var reexported = new ExcelPackage(new MemoryStream(await ExportAsync(portal)));
        Assert.Contains(Enumerable.Range(4, 46).Select(r => reexported.Workbook.Worksheets[LedgerLayout.Sheet].Cells[r, Col(LedgerLayout.Due)].Text), t => t == "长期坚持");
    }

    public static TheoryData<string, string, string, string> Refusals() => new()
    {
        // 问题编号 of the row to change, column, value written, the refusal (after "整改台账!<cell>：")
        { "1-1", LedgerLayout.Number, "99-1", "清单《临泽县优化营商环境对标提升责任清单》中没有问题编号为 99-1 的问题" },
        { "1-2", LedgerLayout.Number, "1-1", "问题编号 1-1 重复" },
        { "1-1", LedgerLayout.Due, "2022年13月1日", "整改时限“2022年13月1日”不是有效日期" },
        { "1-1", LedgerLayout.Due, "2022年1月1日", "问题 1-1：整改时限不能早于开始日期。（开始日期 2022-06-24）" },
        { "1-1", LedgerLayout.Unit, "县不存在局", "系统中没有单位“县不存在局”" },
        { "1-1", LedgerLayout.Unit, "临泽火车站", "单位“临泽火车站”不是指标 1“开办企业”的组长、副组长或成员单位" },
        { "1-1", LedgerLayout.Unit, "", "问题 1-1 的责任单位不能为空" },
        { "1-1", LedgerLayout.Measures, new string('措', 4001), "整改措施超过 4000 个字" },
        { "1-1", LedgerLayout.Problem, "1.另一份清单的问题", "问题 1-1 的问题内容与系统中不符" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task AWrongCellIsRefusedByNameAndNothingIsWrittenNotEvenTheGoodRows(string number, string column, string value, string message)
    {
        var before = await ProblemsAsync(shared);
        var row = 0;
        var file = Save(Fill(await ExportAsync(shared), (sheet, rows) =>
        {
            row = rows[number];
            sheet.Cells[rows["2-1"], Col(LedgerLayout.Measures)].Value = "这一行本身没有错";
            sheet.Cells[row, Col(column)].Value = value;
        }));

        var (exit, _, error) = await RunAsync(shared, "import", "ledger", file);

        Assert.Equal(1, exit);
        Assert.Contains($"未导入：{LedgerLayout.Sheet}!{ExcelCellAddress.GetColumnLetter(Col(column))}{row}：{message}", error, StringComparison.Ordinal);
        Assert.Equal(before, await ProblemsAsync(shared));
    }

    [Fact]
    public async Task ClosedProblemsAndProblemsUnderReviewKeepTheirTermsButTheirUnchangedRowsDoNotStopTheImport()
    {
        using var portal = new BizEnvFactory();
        var closed = await portal.NewProblemAsync();
        var submitted = await portal.NewProblemAsync();
        await portal.SubmittedAsync(closed);
        await portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(closed))!;
            await workflow.ApproveClosureAsync(problem, problem.Version, null, new Writer("office", "县营商办", null));
            return true;
        });
        await portal.SubmittedAsync(submitted);
        var exported = await ExportAsync(portal);
        var numbers = await portal.WithDbAsync(async db => await db.Problems.Where(p => p.Id == closed || p.Id == submitted).OrderBy(p => p.Id).Select(p => "1-" + p.Ordinal).ToListAsync());

        foreach (var (number, message) in new[] { (numbers[0], "已销号，不能再修改"), (numbers[1], "已申请销号、正在审核") })
        {
            var refused = await RunAsync(portal, "import", "ledger", Save(Fill(exported, (sheet, rows) => sheet.Cells[rows[number], Col(LedgerLayout.Due)].Value = "2023-06-30")));
            Assert.Equal(1, refused.Exit);
            Assert.Contains($"问题 {number} {message}", refused.Error, StringComparison.Ordinal);
        }

        var others = await RunAsync(portal, "import", "ledger", Save(Fill(exported, (sheet, rows) => sheet.Cells[rows["2-1"], Col(LedgerLayout.Due)].Value = "2023-06-30")));
        Assert.True(others.Exit == 0, others.Error);
        Assert.Equal("2023-06-30", (await ProblemsAsync(portal))["2-1"].Due);
    }

    [Fact]
    public async Task AValueChangedInThePortalAfterTheExportIsNeverSilentlyOverwritten()
    {
        using var portal = new BizEnvFactory();
        var exported = await ExportAsync(portal);
        await portal.WithWorkflowAsync(async workflow =>
        {
            var id = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number == 1 && p.Ordinal == 1).Select(p => p.Id).SingleAsync());
            var problem = (await workflow.FindProblemAsync(id))!;
            await workflow.EditMeasuresAsync(problem, problem.Version, "单位在系统中写的措施");
            return true;
        });

        var both = await RunAsync(portal, "import", "ledger", Save(Fill(exported, (sheet, rows) => sheet.Cells[rows["1-1"], Col(LedgerLayout.Measures)].Value = "台账中写的措施")));

        Assert.Equal(1, both.Exit);
        Assert.Contains("问题 1-1 的整改措施在导出台账后已在系统中改为“单位在系统中写的措施”，与台账中的“台账中写的措施”冲突", both.Error, StringComparison.Ordinal);

        var dueOnly = await RunAsync(portal, "import", "ledger", Save(Fill(exported, (sheet, rows) => sheet.Cells[rows["1-1"], Col(LedgerLayout.Due)].Value = "长期坚持")));

        Assert.True(dueOnly.Exit == 0, dueOnly.Error);
        Assert.Contains("保留系统中的内容", dueOnly.Out, StringComparison.Ordinal);
        Assert.Equal(("单位在系统中写的措施", "长期坚持"), (await ProblemsAsync(portal))["1-1"] is var p ? (p.Measures, p.Due) : default);
        var id = await portal.WithDbAsync(db => db.Problems.Where(p => p.Indicator.Number == 1 && p.Ordinal == 1).Select(p => p.Id).SingleAsync());
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        Assert.Contains("id=\"due-date\">长期坚持</dd>", await admin.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        Assert.Contains("时限 长期坚持", await unit.GetHtmlAsync("/my-work"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUnitsOwnReportImportsBackTooAndLeavesTheOtherProblemsAlone()
    {
        var path = Path.Combine(_dir, "县财政局.xlsx");
        Assert.Equal(0, (await RunAsync(shared, "export", "ledger", path, "--unit", "县财政局")).Exit);
        var before = await ProblemsAsync(shared);

        var (exit, output, error) = await RunAsync(shared, "import", "ledger", path, "--dry-run");

        Assert.True(exit == 0, error);
        Assert.Contains("：4 个问题行，0 个问题有改动。", output, StringComparison.Ordinal);
        Assert.Equal(before, await ProblemsAsync(shared));
    }

    [Fact]
    public async Task MeasuresTypedInTheBrowserWithWindowsLineBreaksComeBackUnchanged()
    {
        var id = await shared.NewProblemAsync();
        await shared.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(id))!;
            await workflow.EditMeasuresAsync(problem, problem.Version, "第一步：梳理流程；\r\n第二步：按月调度。");
            return true;
        });

        var (exit, output, error) = await RunAsync(shared, "import", "ledger", Save(await ExportAsync(shared)));

        Assert.True(exit == 0, error);
        Assert.Contains("没有任何改动", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminUploadsTheLedgerSeesEveryChangeAndOnlyTheConfirmationWritesItAudited()
    {
        using var portal = new BizEnvFactory();
        var adminName = await portal.CreateUserAsync(Roles.Admin);
        var admin = await portal.SignInAsync(adminName);
        var filled = Fill(await ExportAsync(portal), (sheet, rows) =>
        {
            sheet.Cells[rows["3-2"], Col(LedgerLayout.Measures)].Value = "网上申报全覆盖";
            sheet.Cells[rows["3-2"], Col(LedgerLayout.Due)].Value = "2022年12月31日";
        });
        var before = await ProblemsAsync(portal);

        var preview = await admin.PostFilesAsync("/admin/import-ledger", "/admin/import-ledger", "file", [], ("整改台账.xlsx", filled));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("id=\"ledger-changes\"", html, StringComparison.Ordinal);
        Assert.Matches("<td class=\"text-nowrap\">3-2</td>\\s*<td>[^<]+</td>\\s*<td class=\"text-nowrap\">整改时限</td>\\s*<td[^>]*>（空）</td>\\s*<td[^>]*>2022-12-31</td>", html);
        Assert.Contains("网上申报全覆盖", html, StringComparison.Ordinal);
        Assert.Contains("data-confirm=\"确认按以上预览导入台账？共 2 项改动", html, StringComparison.Ordinal);
        Assert.Equal(before, await ProblemsAsync(portal));

        var token = TokenPattern().Match(html).Groups[1].Value;
        var confirm = await admin.PostFormAsync("/admin/import-ledger", "/admin/import-ledger/confirm", new() { ["token"] = token });

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(("网上申报全覆盖", "2022-12-31"), (await ProblemsAsync(portal))["3-2"] is var p ? (p.Measures, p.Due) : default);
        Assert.True(await portal.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserName == adminName && a.EntityType == nameof(Problem) && a.Changes!.Contains("网上申报全覆盖"))));
        var again = await admin.PostFormAsync("/admin/import-ledger", "/admin/import-ledger/confirm", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task ARefusedUploadIsA422PageInChineseNamingTheCell()
    {
        var admin = await shared.SignInAsync(await shared.CreateUserAsync(Roles.Admin));
        var filled = Fill(await ExportAsync(shared), (sheet, rows) => sheet.Cells[rows["1-1"], Col(LedgerLayout.Due)].Value = "2022年13月1日");

        var response = await admin.PostFilesAsync("/admin/import-ledger", "/admin/import-ledger", "file", [], ("整改台账.xlsx", filled));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("整改台账!H4：整改时限“2022年13月1日”不是有效日期", html, StringComparison.Ordinal);
        Assert.Contains("未导入，系统中的数据没有任何改动", html, StringComparison.Ordinal);
        var empty = await admin.PostFilesAsync("/admin/import-ledger", "/admin/import-ledger", "file", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
    }

    [Fact]
    public async Task TheLedgerImportIsLinkedFromTheListImportAndTheAdminMenuAndTheUsageListsTheVerb()
    {
        var admin = await shared.SignInAsync(await shared.CreateUserAsync(Roles.Admin));
        var html = await admin.GetHtmlAsync("/admin/import");
        Assert.Contains("id=\"link-import-ledger\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-import-ledger\"", html, StringComparison.Ordinal);
        Assert.Contains("import ledger <文件.xlsx> [--dry-run]", CommandLine.Usage, StringComparison.Ordinal);
        var (exit, _, error) = await RunAsync(shared, "import", "ledger", "--dry-run");
        Assert.Equal(2, exit);
        Assert.Contains("用法：import ledger", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task TheCommandLineSaysInChineseWhatIsMissing()
    {
        var (noFile, _, usage) = await RunAsync(shared, "import", "ledger");
        var (missing, _, notFound) = await RunAsync(shared, "import", "ledger", "/nonexistent/台账.xlsx");

        Assert.Equal(2, noFile);
        Assert.Contains("用法：import ledger", usage, StringComparison.Ordinal);
        Assert.Equal(1, missing);
        Assert.Contains("找不到文件", notFound, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", notFound, StringComparison.Ordinal);
    }
}
