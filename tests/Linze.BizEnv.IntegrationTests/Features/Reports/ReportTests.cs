using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Cli;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Reports;

public class ReportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    internal static List<List<string>> Rows(Stream workbook, string sheet) =>
        [.. MiniExcel.Query(workbook, sheetName: sheet, useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList())];

    [Fact]
    public async Task ALeaderDownloadsTheLedgerWithOneRowPerProblemAndOnePerIndicatorWithoutProblems()
    {
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));

        using var response = await leader.GetAsync("/reports/ledger.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var rows = Rows(await response.Content.ReadAsStreamAsync(), "整改台账");
        Assert.Equal(["序号", "问题编号", "指标", "问题", "整改措施", "责任单位", "责任领导", "整改时限", "状态", "信号灯", "完成进度", "最新进展", "最近报送日期", "是否逾期", "督办等级", "整改完成情况说明", "审核意见", "导出校验"], rows[2]);
        var data = rows.Skip(3).ToList();
        Assert.Equal(44 + 2, data.Count);
        Assert.Equal("1-1", data[0][1]);
        Assert.Equal("1. 开办企业", data[0][2]);
        Assert.StartsWith("1.企业开办刻章费用", data[0][3], StringComparison.Ordinal);
        Assert.Contains(data, r => r[1] == "" && r[2] == "7. 跨境贸易" && r[3] == "（本指标未列出存在问题）");
    }

    [Fact]
    public async Task TheLedgerCanBeNarrowedToALeadersIndicators()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var response = await admin.GetAsync("/reports/ledger.xlsx?leader=" + Uri.EscapeDataString("付海军"));

        var rows = Rows(await response.Content.ReadAsStreamAsync(), "整改台账");
        var data = rows.Skip(3).ToList();
        Assert.Equal(4, data.Count); // 办理破产 2 + 执行合同 2
        Assert.All(data, r => Assert.Equal("付海军", r[6]));
        Assert.Equal("临泽县优化营商环境对标提升责任清单 整改台账（责任领导：付海军）", rows[0][0]);
        Assert.Equal($"整改台账-责任领导付海军-{ChinaTime.Today(portal.Clock):yyyyMMdd}.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task TheWholeLedgerAndAUnitsReportAreNamedForWhatTheyHold()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县财政局").Select(u => u.Id).SingleAsync());
        var today = ChinaTime.Today(portal.Clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        using var whole = await admin.GetAsync("/reports/ledger.xlsx");
        using var unit = await admin.GetAsync($"/reports/unit/{unitId}.xlsx");
        using var narrowed = await admin.GetAsync("/reports/ledger.xlsx?status=InProgress&leader=" + Uri.EscapeDataString("付海军"));

        Assert.Equal($"整改台账-{today}.xlsx", whole.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal($"整改台账-责任单位县财政局-{today}.xlsx", unit.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal($"整改台账-责任领导付海军-状态整改中-{today}.xlsx", narrowed.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("临泽县优化营商环境对标提升责任清单 整改台账（责任单位：县财政局）", Rows(await unit.Content.ReadAsStreamAsync(), "整改台账")[0][0]);
    }

    [Fact]
    public async Task TheListDownloadsInItsOwnLayout()
    {
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));
        using var response = await leader.GetAsync("/reports/original.xlsx");
        var rows = Rows(await response.Content.ReadAsStreamAsync(), "责任清单");
        Assert.Equal(["序号", "指标", "全省最佳表现", "存在问题", "责任领导", "责任单位"], rows[1]);
    }

    [Fact]
    public async Task AnUnknownLeaderIsQuotedBackWithWholeCharactersOnly()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        using var response = await admin.GetAsync("/reports/ledger.xlsx?leader=" + Uri.EscapeDataString(new string('a', 29) + string.Concat(Enumerable.Repeat("😀", 300))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(new string('a', 29) + "…", page, StringComparison.Ordinal);
        Assert.DoesNotContain("&#xFFFD;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListsDownloadIsNamedWithWhatWindowsAcceptsAndKeepsItsExtension()
    {
        // Found by the attack pass: an imported title's / : ? " < > | reached the download's name as typed, uncut.
        using var own = new BizEnvFactory();
        var title = "临泽县/清单:2026?\"测试\"<x>|" + new string('长', 170);
        await own.WithDbAsync(db => db.Lists.ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, title)));
        var leader = await own.SignInAsync(await own.CreateUserAsync(Roles.Leader));

        using var response = await leader.GetAsync("/reports/original.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var name = response.Content.Headers.ContentDisposition!.FileNameStar!;
        Assert.StartsWith("临泽县_清单_2026__测试__x__长", name, StringComparison.Ordinal);
        Assert.EndsWith("长.xlsx", name, StringComparison.Ordinal);
        Assert.True(name.Length <= 120, $"{name.Length} characters");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Unit)]
    public async Task ViewersAndUnitsCannotDownloadTheWholeLedger(string role)
    {
        var session = await portal.SignInAsync(await portal.CreateUserAsync(role, role == Roles.Unit ? "县法院" : null));
        using var ledger = await session.GetAsync("/reports/ledger.xlsx");
        using var original = await session.GetAsync("/reports/original.xlsx");
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (ledger.StatusCode, original.StatusCode));
    }

    [Fact]
    public async Task TheLedgerAndTheUnitReportCarryTheClosureNoteAndTheReviewComment()
    {
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/approve", new() { ["comment"] = "材料齐全，同意销号。", ["Version"] = (await portal.ProblemAsync(id)).Version.ToString() });
        var number = await portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.Indicator.Number + "-" + p.Ordinal).SingleAsync());
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县市场监管局").Select(u => u.Id).SingleAsync());

        foreach (var url in new[] { "/reports/ledger.xlsx", $"/reports/unit/{unitId}.xlsx" })
        {
            using var response = await admin.GetAsync(url);
            var rows = Rows(await response.Content.ReadAsStreamAsync(), "整改台账");
            var row = rows.Single(r => r[1] == number);
            Assert.Equal("已按措施完成整改。", row[rows[2].IndexOf("整改完成情况说明")]);
            Assert.Equal("材料齐全，同意销号。", row[rows[2].IndexOf("审核意见")]);
        }
    }

    [Fact]
    public async Task AUnitDownloadsItsOwnReportWithItsProgressButNotAnotherUnits()
    {
        var problemId = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(problemId);
        var (mine, other) = await portal.WithDbAsync(async db => (
            await db.Units.Where(u => u.Name == "县市场监管局").Select(u => u.Id).SingleAsync(),
            await db.Units.Where(u => u.Name == "县法院").Select(u => u.Id).SingleAsync()));
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));

        using var own = await unit.GetAsync($"/reports/unit/{mine}.xlsx");
        using var foreign = await unit.GetAsync($"/reports/unit/{other}.xlsx");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var stream = new MemoryStream(await own.Content.ReadAsByteArrayAsync());
        Assert.All(Rows(stream, "整改台账").Skip(3), r => Assert.Equal("县市场监管局", r[5]));
        stream.Position = 0;
        Assert.Contains(Rows(stream, "进展明细").Skip(3), r => r.Contains("已完成整改。") && r.Contains("证明.pdf"));
    }

    [Fact]
    public async Task TheProgressSheetListsEachEntrysPercentAndEvidenceFilesAndMarksSupportingEntries()
    {
        using var portal = new BizEnvFactory(); // its own: a new problem would change the shared list's ledger
        var problemId = await portal.NewProblemAsync();
        await portal.ProgressWithFilesAsync(problemId, ("整改方案.pdf", Scenario.Pdf), ("验收照片.pdf", Scenario.Pdf));
        var member = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县人社局")); // 成员单位 of 开办企业
        await member.PostFormAsync($"/problems/{problemId}", $"/problems/{problemId}/entries", new() { ["Text"] = "配合提供社保登记数据。" });
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        // The unit report's 进展明细 row whose <paramref name="column"/> reads <paramref name="text"/>, cell by header.
        async Task<Dictionary<string, OfficeOpenXml.ExcelRange>> EntryAsync(string unit, string column, string text)
        {
            var id = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync());
            using var response = await admin.GetAsync($"/reports/unit/{id}.xlsx");
            var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            var sheet = package.Workbook.Worksheets["进展明细"];
            var columns = Enumerable.Range(1, sheet.Dimension.End.Column).ToDictionary(c => sheet.Cells[3, c].Text);
            var row = Enumerable.Range(4, sheet.Dimension.End.Row - 3).Single(r => sheet.Cells[r, columns[column]].Text == text);
            return columns.ToDictionary(c => c.Key, c => sheet.Cells[row, c.Value]);
        }

        var lead = await EntryAsync("县市场监管局", "佐证材料", "整改方案.pdf\n验收照片.pdf");
        Assert.Equal("已完成整改。", lead["进展内容"].Text);
        Assert.Equal((1d, "100%"), (lead["完成进度"].Value, lead["完成进度"].Text));
        Assert.Equal("整改进展", lead["类型"].Text);

        var supporting = await EntryAsync("县人社局", "进展内容", "配合提供社保登记数据。");
        Assert.Equal(("协办进展", "", ""), (supporting["类型"].Text, supporting["完成进度"].Text, supporting["佐证材料"].Text));
    }

    [Fact]
    public async Task AUnitsReportIsSignedByTheUnitInItsFooterWhileTheOfficesLedgerOfThatUnitIsSignedByTheOffice()
    {
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县财政局").Select(u => u.Id).SingleAsync());
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        async Task<List<string>> FootersAsync(string url)
        {
            using var response = await admin.GetAsync(url);
            using var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            return [.. package.Workbook.Worksheets.Select(s => s.HeaderFooter.OddFooter.LeftAlignedText)];
        }

        var unitReport = await FootersAsync($"/reports/unit/{unitId}.xlsx");
        var officeLedger = await FootersAsync("/reports/ledger.xlsx?unit=" + Uri.EscapeDataString("县财政局"));

        Assert.NotEmpty(unitReport);
        Assert.All(unitReport, f => Assert.Equal("县财政局", f));
        Assert.NotEmpty(officeLedger);
        Assert.All(officeLedger, f => Assert.Equal("临泽县人民政府办公室", f));
    }

    [Fact]
    public async Task TheExportLedgerVerbWritesAUnitsReport()
    {
        var file = Path.Combine(Path.GetTempPath(), $"台账-{Guid.NewGuid():N}.xlsx");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CommandLine.RunAsync(portal.Services, ["export", "ledger", file, "--unit", "县财政局"], output, error);

            Assert.Equal(0, exit);
            Assert.Contains("县财政局", output.ToString(), StringComparison.Ordinal);
            await using var stream = File.OpenRead(file);
            var data = Rows(stream, "整改台账").Skip(3).ToList();
            Assert.Equal(4, data.Count); // 政府采购's four problems answer to 县财政局
            var unknown = await CommandLine.RunAsync(portal.Services, ["export", "ledger", file, "--unit", "不存在的局"], output, error);
            Assert.Equal(1, unknown);
            Assert.Contains("找不到单位：不存在的局", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
