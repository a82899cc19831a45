using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Reports;

/// <summary>What an export sends besides its rows: how it may be cached, what it refuses, what its footer prints.</summary>
public class ReportExportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    [Fact]
    public async Task NoWorkbookIsKeptInACache()
    {
        var admin = await AdminAsync();
        var unitId = await portal.WithDbAsync(db => db.Units.Where(u => u.Name == "县财政局").Select(u => u.Id).SingleAsync());

        foreach (var url in new[] { "/reports/ledger.xlsx", $"/reports/unit/{unitId}.xlsx", "/reports/original.xlsx" })
        {
            using var response = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Theory]
    [InlineData("status=abc", "状态无法识别")]
    [InlineData("status=999", "状态无法识别")]
    [InlineData("leader=不存在的领导", "没有名为“不存在的领导”的责任领导")]
    [InlineData("unit=不存在的局", "没有名为“不存在的局”的责任单位")]
    public async Task AFilterThatMatchesNothingIsRefusedInChineseWithoutAWorkbook(string query, string message)
    {
        using var response = await (await AdminAsync()).GetAsync("/reports/ledger.xlsx?" + query.Replace("不存在的领导", Uri.EscapeDataString("不存在的领导"), StringComparison.Ordinal)
            .Replace("不存在的局", Uri.EscapeDataString("不存在的局"), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALongNameWithABidiOverrideIsRefusedWithoutEchoingIt()
    {
        var leader = "周延年\u202E" + new string('长', 5000);

        using var response = await (await AdminAsync()).GetAsync("/reports/ledger.xlsx?leader=" + Uri.EscapeDataString(leader));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("没有名为“周延年长", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('长', 100), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAmpersandInAUnitsNamePrintsAsItselfInTheFooter()
    {
        using var own = new BizEnvFactory(); // its own: the unit is renamed
        const string name = "县财政&B国资局";
        var unitId = await own.WithDbAsync(async db =>
        {
            var unit = await db.Units.SingleAsync(u => u.Name == "县财政局");
            unit.Name = name;
            await db.SaveChangesAsync();
            return unit.Id;
        });
        var admin = await own.SignInAsync(await own.CreateUserAsync(Roles.Admin));

        using var response = await admin.GetAsync($"/reports/unit/{unitId}.xlsx");
        using var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        // In a footer "&B" turns on bold and "&&" prints one "&": the stored text must be the escaped one.
        Assert.NotEmpty(package.Workbook.Worksheets);
        Assert.All(package.Workbook.Worksheets, s => Assert.Equal("县财政&&B国资局", s.HeaderFooter.OddFooter.LeftAlignedText));
    }

    [Fact]
    public async Task TheLedgersLatestProgressIsTheResponsibleUnitsNotASupportingUnits()
    {
        using var own = new BizEnvFactory(); // its own: a new problem would change the shared list's ledger
        var id = await own.NewProblemAsync();
        var member = await own.SignInAsync(await own.CreateUserAsync(Roles.Unit, "县人社局")); // 成员单位 of 开办企业
        var posted = await member.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new()
        {
            ["Text"] = "配合提供社保登记数据。",
            ["Date"] = ChinaTime.FormatDate(ChinaTime.Today(own.Clock)),
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(await own.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.IsSupporting).SingleAsync()));
        var label = await own.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => $"{p.Indicator.Number}-{p.Ordinal}").SingleAsync());
        var admin = await own.SignInAsync(await own.CreateUserAsync(Roles.Admin));

        using var response = await admin.GetAsync("/reports/ledger.xlsx");
        var rows = ReportTests.Rows(await response.Content.ReadAsStreamAsync(), "整改台账");
        var header = rows[2];
        var row = rows.Single(r => r.Count > 1 && r[1] == label);

        Assert.Equal("未启动", row[header.IndexOf("状态")]);
        Assert.Equal("", row[header.IndexOf("最新进展")]);
        Assert.Equal("", row[header.IndexOf("最近报送日期")]);
    }
}
