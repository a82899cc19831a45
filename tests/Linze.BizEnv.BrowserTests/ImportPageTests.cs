using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
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
}
