using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Linze.BizEnv.BrowserTests;

/// <summary>A reviewer opens each file a unit uploaded: a PDF and a photo show in the browser, on a desk and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public class EvidenceViewerTests(BrowserPortal portal)
{
    [Theory]
    [InlineData(1440, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task AReviewerSeesTheUnitsPdfAndPhotoInTheBrowser(int width, int height, string device)
    {
        var problemId = await portal.Factory.WithDbAsync(db => db.Problems
            .Where(p => p.Indicator.Number == 3 && p.Ordinal == 1).Select(p => p.Id).SingleAsync());
        var leadUnit = await portal.Factory.WithDbAsync(db => db.Problems.Where(p => p.Id == problemId).Select(p => p.ResponsibleUnit!.Name).SingleAsync());
        await using var unit = await portal.OpenAsync();
        await unit.LoginAsync(await portal.CreateUserAsync(Roles.Unit, leadUnit));
        await unit.Page.GotoAsync($"/problems/{problemId}");
        await unit.Page.GetByLabel("进展内容").FillAsync($"已完成现场验收（{device}）。");
        await unit.Page.GetByLabel("佐证材料（可多选）").SetInputFilesAsync(
        [
            new FilePayload { Name = $"验收报告-{device}.pdf", MimeType = "application/pdf", Buffer = EvidenceFiles.OnePagePdf("Accepted") },
            new FilePayload { Name = $"现场照片-{device}.png", MimeType = "image/png", Buffer = EvidenceFiles.Png() },
        ]);
        await unit.Page.GetByRole(AriaRole.Button, new() { Name = "保存进展" }).ClickAsync();
        await Assertions.Expect(unit.Page.Locator("#notice")).ToContainTextAsync("已登记整改进展");

        await using var office = await portal.OpenAsync(width, height);
        await office.LoginAsync(await portal.CreateUserAsync(Roles.Admin));
        await office.Page.GotoAsync($"/problems/{problemId}");
        var pdfLink = office.Page.Locator("#timeline a", new() { HasTextString = $"验收报告-{device}.pdf" });
        Assert.Equal("_blank", await pdfLink.GetAttributeAsync("target"));
        var photoHref = await office.Page.Locator("#timeline a", new() { HasTextString = $"现场照片-{device}.png" }).GetAttributeAsync("href");

        // The PDF, drawn by the portal's own PDF.js: a page with the black bar the file draws.
        await office.Page.GotoAsync((await pdfLink.GetAttributeAsync("href"))!);
        await Assertions.Expect(office.Page.Locator("#pdf-status")).ToHaveTextAsync("共 1 页", new() { Timeout = 20_000 });
        var inked = await office.Page.EvaluateAsync<int>("""
            () => {
                const canvas = document.querySelector('#pdf-viewer canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let dark = 0;
                for (let i = 0; i < pixels.length; i += 4) { if (pixels[i] < 64 && pixels[i + 3] > 0) dark++; }
                return dark;
            }
            """);
        Assert.True(inked > 100, $"the PDF page is blank ({inked} dark pixels)");
        var fits = await office.Page.EvaluateAsync<bool>("() => document.querySelector('#pdf-viewer canvas').getBoundingClientRect().right <= window.innerWidth");
        Assert.True(fits, "the PDF page is wider than the screen");
        await office.ScreenshotAsync($"evidence-pdf-{device}");

        // The photo.
        await office.Page.GotoAsync(photoHref!);
        Assert.Equal(2, await office.Page.Locator("#evidence-image").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : -1"));
        await office.ScreenshotAsync($"evidence-photo-{device}");

        office.AssertNoConsoleErrors();
        Assert.Empty(office.ForeignRequests);
    }
}
