using System.Net;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Documents;

/// <summary>公文模板: the county office rewords a document in Word and uploads it; a bad upload changes nothing.</summary>
public class TemplateTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private static byte[] Reworded(string requirement) => Docx(DocumentTemplates.DefaultText(TemplateKind.Monthly)
        .Replace("各责任单位要对照本通报反映的问题", requirement, StringComparison.Ordinal));

    private static byte[] Docx(string text)
    {
        using var stream = new MemoryStream();
        OfficialLayout.Write(stream, DocumentTemplates.FromText(text), "模板");
        return stream.ToArray();
    }

    private static Task<HttpResponseMessage> UploadAsync(WebSession admin, TemplateKind kind, string name, byte[] content) =>
        admin.PostFilesAsync("/documents/templates", $"/documents/templates/{kind}", "file", [], (name, content));

    private static async Task<string> MonthlyAsync(WebSession session)
    {
        using var response = await session.GetAsync("/reports/monthly.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return NoticeTests.Text(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnUploadedTemplatesWordingIsUsedUntilItIsResetAndABadUploadChangesNothing()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var page = await admin.GetHtmlAsync("/documents/templates");
        Assert.Contains("使用默认模板", page, StringComparison.Ordinal);
        using (var download = await admin.GetAsync("/documents/templates/Monthly.docx"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Contains("{{指标进展表}}", NoticeTests.Text(await download.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        var requirement = "请各单位务必于下周一前完成自查" + Guid.NewGuid().ToString("N")[..6];
        using (var uploaded = await UploadAsync(admin, TemplateKind.Monthly, "通报模板（修改）.docx", Reworded(requirement)))
        {
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }

        Assert.Contains(requirement, await MonthlyAsync(admin), StringComparison.Ordinal);
        Assert.Contains("通报模板（修改）.docx", await admin.GetHtmlAsync("/documents/templates"), StringComparison.Ordinal);

        foreach (var (name, content, says) in new[]
        {
            ("坏模板.docx", Docx(DocumentTemplates.DefaultText(TemplateKind.Monthly) + "\n{{局长签名}}"), "无法识别的占位符：{{局长签名}}"),
            ("通报.doc", "D0CF11E0 not a docx"u8.ToArray(), "不是有效的 Word 文档"),
            ("缺表.docx", Docx(DocumentTemplates.DefaultText(TemplateKind.Monthly).Replace("{{指标进展表}}", "", StringComparison.Ordinal)), "缺少必需的占位符：{{指标进展表}}"),
            ("大模板.docx", new byte[(DocumentTemplates.MaxBytes * 3) / 2], "模板文件不能超过 1024 KB"),
        })
        {
            using var refused = await UploadAsync(admin, TemplateKind.Monthly, name, content);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains(says, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains(requirement, await MonthlyAsync(admin), StringComparison.Ordinal);
        }

        using (var reset = await admin.PostFormAsync("/documents/templates", "/documents/templates/Monthly/reset", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        var monthly = await MonthlyAsync(admin);
        Assert.DoesNotContain(requirement, monthly, StringComparison.Ordinal);
        Assert.Contains("各责任单位要对照本通报反映的问题", monthly, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.StoredTemplates.AnyAsync()));
    }

    [Fact]
    public async Task UploadsArrivingTogetherWhereNoneWasUploadedBeforeAllLandAndOneIsKept()
    {
        // Two tabs, two administrators or a retry: found by the attack pass as a 500 (a second insert of the kind).
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var content = Docx(DocumentTemplates.DefaultText(TemplateKind.LeaderBrief));
        var names = Enumerable.Range(1, 6).Select(i => $"简报模板{i}.docx").ToList();

        var responses = await Task.WhenAll(names.Select(n => UploadAsync(admin, TemplateKind.LeaderBrief, n, content)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var kept = await portal.WithDbAsync(db => db.StoredTemplates.Where(t => t.Kind == TemplateKind.LeaderBrief).Select(t => t.FileName).ToListAsync());
        Assert.Contains(Assert.Single(kept), names);
        using var reset = await admin.PostFormAsync("/documents/templates", "/documents/templates/LeaderBrief/reset", []);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
    }

    [Fact]
    public async Task OnlyTheCountyOfficeManagesTemplates()
    {
        foreach (var session in new[]
        {
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader)),
            await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局")),
        })
        {
            using var page = await session.GetAsync("/documents/templates");
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            using var download = await session.GetAsync("/documents/templates/Notice.docx");
            Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        }

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        using var unknown = await admin.GetAsync("/documents/templates/Other.docx");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

/// <summary>A portal on a server without LibreOffice: Word documents as ever, and a Chinese word where PDF is offered.</summary>
public class WithoutLibreOfficeTests(WithoutLibreOfficeTests.Portal portal) : IClassFixture<WithoutLibreOfficeTests.Portal>
{
    public sealed class Portal : BizEnvFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Documents:LibreOfficePath", Path.Combine(Path.GetTempPath(), "没有这个程序", "soffice"));
        }
    }

    [Fact]
    public async Task ThePagesSaySoThePdfIsRefusedInChineseAndWordStillDownloads()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var problemId = await Workflow.Scenario.NewProblemAsync(portal);
        Assert.Contains("服务器未安装 LibreOffice", await admin.GetHtmlAsync($"/problems/{problemId}"), StringComparison.Ordinal);
        var reports = await admin.GetHtmlAsync("/reports");
        Assert.Contains("服务器未安装 LibreOffice", reports, StringComparison.Ordinal);
        Assert.Matches("id=\"download-monthly-pdf\"[^>]*disabled", reports);

        using var pdf = await admin.GetAsync("/reports/monthly.pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        Assert.Contains("下载 Word 版本", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var docx = await admin.GetAsync("/reports/monthly.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
    }
}
