using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

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
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task ALongUploadedNameWrapsInsteadOfWideningThePage(int width, int height)
    {
        // Found by the attack pass: 200 characters without a space pushed the page to 2065 px at 1440.
        var name = "LongNameWithoutSpaces_" + new string('A', 150) + "通报模板" + new string('x', 20) + ".docx";
        using (var stream = new MemoryStream())
        {
            OfficialLayout.Write(stream, DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice)), "模板");
            await portal.Factory.WithDbAsync(db =>
            {
                db.StoredTemplates.Add(new StoredTemplate { Kind = TemplateKind.Notice, Content = stream.ToArray(), FileName = name, UploadedByName = "县营商办", UploadedAtUtc = DateTime.UtcNow });
                return db.SaveChangesAsync();
            });
        }

        try
        {
            await using var tab = await portal.OpenAsync(width, height);
            await tab.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
            await tab.Page.GotoAsync("/documents/templates");

            Assert.Contains(name, await tab.Page.Locator("#template-notice .card-header").InnerTextAsync(), StringComparison.Ordinal);
            var overflow = await tab.Page.EvaluateAsync<double>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the page is {overflow}px wider than the {width}px screen");
            Assert.True(await tab.Page.Locator("#template-notice").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "恢复默认" }).IsVisibleAsync());
            await tab.ScreenshotAsync($"document-templates-long-name-{width}");
            tab.AssertNoConsoleErrors();
        }
        finally
        {
            await portal.Factory.WithDbAsync(db => db.StoredTemplates.Where(t => t.Kind == TemplateKind.Notice).ExecuteDeleteAsync());
        }
    }
}
