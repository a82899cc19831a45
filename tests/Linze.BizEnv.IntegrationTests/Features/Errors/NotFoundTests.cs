using System.Net;

namespace Linze.BizEnv.IntegrationTests.Features.Errors;

[Collection(SeededPortal.Name)]
public class NotFoundTests(BizEnvFactory portal)
{
    [Theory]
    [InlineData("/indicators/99999")]
    [InlineData("/units/99999")]
    [InlineData("/leaders/99999")]
    [InlineData("/lists/99999")]
    [InlineData("/no-such-page")]
    public async Task MissingRecordsAndPagesAnswer404WithAChinesePage(string url)
    {
        var page = await HtmlPage.GetAsync(await portal.ViewerClientAsync(), url);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("页面不存在", page.H1);
        Assert.Contains("返回首页", page.Html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", page.Html, StringComparison.Ordinal);
    }
}
