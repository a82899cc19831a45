using System.Net;
using Linze.BizEnv.UnitTests.Excel;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

/// <summary>The upload page fed the list as offices keep it, and the files it must refuse saying what to do.</summary>
public class OfficeLayoutImportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    [Fact]
    public async Task TheSeededListKeptOneRowPerProblemWithEveryHabitIsTheSameList()
    {
        var file = OfficeLayouts.Write(Seed, new OfficeLayout
        {
            RowPerProblem = true, Numbering = ProblemNumbering.ChineseParenthesised, UnitSubColumns = true, LedgerColumns = true, SpacedHeaders = true,
            MergedTitle = true, Attachment = "附件1", FillerLine = true, Index = IndexStyle.ChineseWithComma, Empty = "无", CoverSheet = true,
        });

        var preview = await (await AdminAsync()).PostFilesAsync("/admin/import", "/admin/import", "file", [], ("责任清单（按问题分行）.xlsx", file));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains($"《{Seed.Title}》", html, StringComparison.Ordinal);
        Assert.Contains("无需导入", html, StringComparison.Ordinal);
        Assert.DoesNotContain("填报单位", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePortalsOwnLedgerIsRefusedPointingToTheLedgerImport()
    {
        var admin = await AdminAsync();
        using var ledger = await admin.GetAsync("/reports/ledger.xlsx");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        var listsBefore = await portal.WithDbAsync(db => db.Indicators.CountAsync());

        var response = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("整改台账.xlsx", await ledger.Content.ReadAsByteArrayAsync()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("缺少“全省最佳表现”“存在问题”列", html, StringComparison.Ordinal);
        Assert.Contains("导入台账", html, StringComparison.Ordinal);
        Assert.Equal(listsBefore, await portal.WithDbAsync(db => db.Indicators.CountAsync()));
    }

    [Fact]
    public async Task ACsvRenamedXlsxIsToldToSaveAsXlsx()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("序号,指标,全省最佳表现,存在问题,责任领导,责任单位\n1,开办企业,0.5天,1.问题,周延年,组长单位：县市场监管局\n");

        var response = await (await AdminAsync()).PostFilesAsync("/admin/import", "/admin/import", "file", [], ("清单.xlsx", csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("另存为", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
