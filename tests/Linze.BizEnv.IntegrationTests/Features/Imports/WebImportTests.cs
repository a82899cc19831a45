using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.UnitTests.Excel;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Imports;

public partial class WebImportTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private static readonly ListDocument Seed = SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();

    private static byte[] Workbook(ListDocument list)
    {
        using var stream = new MemoryStream();
        OriginalListExporter.Write(list, stream);
        return stream.ToArray();
    }

    private async Task<WebSession> AdminAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

    [Fact]
    public async Task AnAdminUploadsSeesWhatWouldChangeAndOnlyTheConfirmationWrites()
    {
        var admin = await AdminAsync();
        var corrected = Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number == 11 ? i with { Problems = [.. i.Problems, "诉讼服务中心自助设备不足。"] } : i)] };

        var preview = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("修订清单.xlsx", Workbook(corrected)));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        var plan = new HtmlPage(HttpStatusCode.OK, html).Section("plan-indicator-11", "</section>");
        Assert.Contains("指标 11“执行合同”", plan, StringComparison.Ordinal);
        Assert.Contains("新增：问题 3“诉讼服务中心自助设备不足。”", plan, StringComparison.Ordinal);
        Assert.Contains("县金融事务投资中心", html, StringComparison.Ordinal); // the look-alike names warning
        Assert.Equal(2, await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.Indicator.Number == 11)));

        var token = TokenPattern().Match(html).Groups[1].Value;
        var confirm = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new() { ["token"] = token });

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(3, await portal.WithDbAsync(db => db.Problems.CountAsync(p => p.Indicator.Number == 11)));
        var again = await admin.PostFormAsync("/admin/import", "/admin/import/confirm", new() { ["token"] = token });
        Assert.Contains("导入预览已失效", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedUploadShowsTheCellAndWritesNothing()
    {
        var admin = await AdminAsync();
        var broken = Seed with { Indicators = [.. Seed.Indicators.Select(i => i.Number == 5 ? i with { LeadUnits = [] } : i)] };

        var response = await admin.PostFilesAsync("/admin/import", "/admin/import", "file", [], ("坏清单.xlsx", Workbook(broken)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("责任清单!F7：序号 5“登记财产”缺少组长单位。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedWorkbookIsRefusedWithAChinesePageNotAServerError()
    {
        var crafted = CraftedWorkbooks.Crafted("merged-range-beyond-the-sheet");
        var listsBefore = await portal.WithDbAsync(db => db.Lists.CountAsync());

        var response = await (await AdminAsync()).PostFilesAsync("/admin/import", "/admin/import", "file", [], ("合并单元格.xlsx", crafted));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("文件已损坏或格式异常，无法读取，未导入。", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(listsBefore, await portal.WithDbAsync(db => db.Lists.CountAsync()));
    }

    [Fact]
    public async Task ATokenThatWasNeverIssuedIsRefused()
    {
        var response = await (await AdminAsync()).PostFormAsync("/admin/import", "/admin/import/confirm", new() { ["token"] = "../../etc/passwd" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task TheSameFileAsTheDatabaseNeedsNoImport()
    {
        var response = await (await AdminAsync()).PostFilesAsync("/admin/import", "/admin/import", "file", [], ("清单.xlsx", Workbook(Seed)));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("完全一致，无需导入", html, StringComparison.Ordinal);
        Assert.DoesNotContain("confirm-import", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex TokenPattern();
}
