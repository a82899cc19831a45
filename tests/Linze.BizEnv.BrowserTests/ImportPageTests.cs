using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

[Collection(BrowserCollection.Name)]
public class ImportPageTests(BrowserPortal portal)
{
    [Fact]
    public async Task OnAPhoneTheImportPreviewWithItsChoicesFitsTheScreen()
    {
        // The 2022 list with 县市场监管局 written in full and one problem reworded: a preview with a unit choice and a
        // problem correction, whose long option texts once made the page wider than a phone.
        var seed = await SeedFile.ReadAsync(RepoPaths.SeedList);
        IReadOnlyList<string> Full(IReadOnlyList<string> names) => [.. names.Select(n => n == "县市场监管局" ? "县市场监督管理局" : n)];
        var revised = seed with
        {
            Indicators = [.. seed.Indicators.Select(i => i with
            {
                LeadUnits = Full(i.LeadUnits), DeputyUnits = Full(i.DeputyUnits), MemberUnits = Full(i.MemberUnits),
                Problems = i.Number == 1 ? [.. i.Problems.Take(2), "开办企业未实现“一网通办”，仍需前往政务大厅登记窗口现场办理。", .. i.Problems.Skip(3)] : i.Problems,
            })],
        };
        using var file = new MemoryStream();
        OriginalListExporter.Write(revised, file);

        await using var tab = await portal.OpenAsync(390, 844);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await tab.Page.GotoAsync("/admin/import");
        await tab.Page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "2023年清单.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file.ToArray() });
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
        await tab.Page.Locator("#import-preview").WaitForAsync();

        Assert.True(await tab.Page.Locator("#plan-units select").CountAsync() > 0);
        Assert.Contains("县市场监督管理局", await tab.Page.Locator("#plan-units").InnerTextAsync(), StringComparison.Ordinal);
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await tab.ScreenshotAsync("import-preview-phone");
        Assert.True(overflow <= 0, $"the preview is {overflow}px wider than a 390px phone screen");
        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task SuggestedMetricsAreTickedAllAtOnceCorrectedAndStoredOnConfirmation(int width, int height)
    {
        var seed = await SeedFile.ReadAsync(RepoPaths.SeedList);
        var title = $"临泽县优化营商环境对标提升责任清单（建议指标项 {width}）";
        using var file = new MemoryStream();
        OriginalListExporter.Write(seed with { Title = title }, file);

        try
        {
            await ImportWithSuggestionsAsync(width, height, title, file.ToArray());
        }
        finally
        {
            // The browser tests share one portal, and the others find their problems by indicator and number.
            await portal.Factory.WithDbAsync(db => db.Lists.Where(l => l.Title == title).ExecuteDeleteAsync());
        }
    }

    private async Task ImportWithSuggestionsAsync(int width, int height, string title, byte[] file)
    {
        await using var tab = await portal.OpenAsync(width, height);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await tab.Page.GotoAsync("/admin/import");
        await tab.Page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "新清单.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file });
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
        await tab.Page.Locator("#plan-metrics").WaitForAsync();

        var boxes = tab.Page.Locator("#plan-metrics .metric-accept");
        Assert.True(await boxes.CountAsync() > 40, "the 2022 figures are proposed");
        Assert.Equal(0, await tab.Page.Locator("#plan-metrics .metric-accept:checked").CountAsync());
        await tab.Page.GetByLabel("全部采用（仍可逐项取消）").CheckAsync();
        Assert.Equal(await boxes.CountAsync(), await tab.Page.Locator("#plan-metrics .metric-accept:checked").CountAsync());
        await tab.Page.Locator("#metric-1-2-accept").UncheckAsync(); // 0.5天: dropped
        Assert.True(await tab.Page.Locator("#metrics-accept-all").EvaluateAsync<bool>("box => box.indeterminate"), "全部采用 shows that only some are ticked");
        await tab.Page.Locator("#metric-1-1-name").FillAsync("办理环节");

        await tab.Page.Locator("#plan-metrics-1").ScrollIntoViewIfNeededAsync();
        var overflow = await tab.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await tab.ScreenshotAsync($"import-metric-suggestions-{width}");
        Assert.True(overflow <= 0, $"the suggestions are {overflow}px wider than the {width}px screen");

        tab.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await tab.Page.Locator("#confirm-import").ClickAsync();
        await tab.Page.WaitForURLAsync(url => !url.Contains("/admin/import", StringComparison.Ordinal));

        Assert.Contains("采用对标指标项", await tab.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        var metrics = await portal.Factory.WithDbAsync(db =>
            db.BenchmarkMetrics.Where(m => m.Indicator.List.Title == title && m.Indicator.Number == 1).OrderBy(m => m.SortOrder).Select(m => m.Name).ToListAsync());
        Assert.Equal(["办理环节", "资料", "市场监管、社保、税务、公安、公积金、银行部门数据共享"], metrics);
        Assert.Empty(tab.ForeignRequests);
        tab.AssertNoConsoleErrors();
    }
}
