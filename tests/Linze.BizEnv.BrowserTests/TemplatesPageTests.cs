using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.BrowserTests;

/// <summary>公文模板 (/documents/templates) as the office's administrator sees it on an office screen and a phone.</summary>
[Collection(BrowserCollection.Name)]
public class TemplatesPageTests(BrowserPortal portal)
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task EachUploadButtonStaysBesideItsFileFieldAndThePageFitsTheScreen(int width, int height)
    {
        await using var tab = await portal.OpenAsync(width, height);
        await tab.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await tab.Page.GotoAsync("/documents/templates");

        var rows = await tab.Page.EvaluateAsync<double[][]>(
            "() => [...document.querySelectorAll('form[enctype=\"multipart/form-data\"]')].map(f => [f.querySelector('input[type=file]').getBoundingClientRect(), f.querySelector('button[type=submit]').getBoundingClientRect()]).map(([i, b]) => [i.top, i.bottom, b.top, b.bottom, i.width])");
        Assert.Equal(3, rows.Length);
        Assert.All(rows, r =>
        {
            Assert.True(Math.Abs(r[0] - r[2]) < 2 && Math.Abs(r[1] - r[3]) < 2, $"the upload button ({r[2]}–{r[3]}) is not on the file field's line ({r[0]}–{r[1]}) at {width}px");
            Assert.True(r[4] >= 150, $"the file field is only {r[4]}px wide at {width}px: its file name cannot be read");
        });
        var overflow = await tab.Page.EvaluateAsync<double>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the {width}px screen");
        await tab.ScreenshotAsync($"document-templates-{width}");
        tab.AssertNoConsoleErrors();
    }
}
