using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Evidence;

/// <summary>Reviewers open PDFs and images in the browser; other files download; no file ever runs as a page of the portal.</summary>
public class EvidenceViewingTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private async Task<Dictionary<string, long>> UploadAsync(int problemId)
    {
        var entryId = await portal.ProgressWithFilesAsync(problemId,
            ("验收报告.pdf", EvidenceFiles.OnePagePdf()), ("现场照片.png", EvidenceFiles.Png()), ("整改方案.docx", EvidenceFiles.Docx()));
        return await portal.WithDbAsync(db => db.Evidence.Where(e => e.ProgressEntryId == entryId).ToDictionaryAsync(e => e.FileName, e => e.Id));
    }

    [Theory]
    [InlineData("验收报告.pdf", "application/pdf")]
    [InlineData("现场照片.png", "image/png")]
    public async Task APdfOrImageOpensInlineSandboxedAndUnsniffed(string name, string type)
    {
        var files = await UploadAsync(await portal.NewProblemAsync());
        var viewer = await portal.ViewerClientAsync();

        using var file = await viewer.GetAsync(new Uri($"/evidence/{files[name]}/file", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(type, file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(name, file.Content.Headers.ContentDisposition.FileNameStar);
        Assert.EndsWith("; sandbox", file.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());

        using var page = await viewer.GetAsync(new Uri($"/evidence/{files[name]}/view", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(name, new HtmlPage(page.StatusCode, html).H1, StringComparison.Ordinal);
        Assert.Contains(type == "application/pdf" ? "id=\"pdf-viewer\"" : "id=\"evidence-image\"", html, StringComparison.Ordinal);
        Assert.Contains($"/evidence/{files[name]}\"", html, StringComparison.Ordinal); // 下载
    }

    [Fact]
    public async Task AnOfficeFileNeverOpensInlineItDownloads()
    {
        var files = await UploadAsync(await portal.NewProblemAsync());
        var viewer = await portal.ViewerClientAsync();
        var id = files["整改方案.docx"];

        using var file = await viewer.GetAsync(new Uri($"/evidence/{id}/file", UriKind.Relative));
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith("; sandbox", file.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var session = await portal.SignInAsync(await portal.CreateUserAsync(Web.Domain.Roles.Viewer));
        using var view = await session.GetAsync($"/evidence/{id}/view");
        Assert.Equal(HttpStatusCode.Redirect, view.StatusCode);
        Assert.Equal($"/evidence/{id}", view.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheTimelineOpensPdfsAndImagesInTheViewerAndDownloadsTheRest()
    {
        var problemId = await portal.NewProblemAsync();
        var files = await UploadAsync(problemId);

        var evidence = new HtmlPage(HttpStatusCode.OK, await (await portal.SignInAsync(await portal.CreateUserAsync(Web.Domain.Roles.Viewer))).GetHtmlAsync($"/problems/{problemId}")).Section("timeline", "</ol>");

        Assert.Contains($"href=\"/evidence/{files["验收报告.pdf"]}/view\"", evidence, StringComparison.Ordinal);
        Assert.Contains($"href=\"/evidence/{files["现场照片.png"]}/view\"", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain($"/evidence/{files["整改方案.docx"]}/view", evidence, StringComparison.Ordinal);
        Assert.Contains($"href=\"/evidence/{files["整改方案.docx"]}\"", evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/lib/pdfjs/pdf.min.mjs", "text/javascript")]
    [InlineData("/lib/pdfjs/pdf.worker.min.mjs", "text/javascript")]
    [InlineData("/lib/pdfjs/cmaps/UniGB-UCS2-H.bcmap", "application/octet-stream")]
    [InlineData("/lib/pdfjs/standard_fonts/FoxitSerif.pfb", "application/octet-stream")]
    [InlineData("/js/pdf-viewer.mjs", "text/javascript")]
    public async Task TheViewerAndWhatChinesePdfsNeedAreServedByThePortalItself(string path, string type)
    {
        using var response = await portal.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
    }
}
