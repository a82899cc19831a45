using System.Net;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

[Collection(SeededPortal.Name)]
public class SecurityHeaderTests(BizEnvFactory portal)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    [InlineData("/healthz")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string url)
    {
        using var response = await portal.CreateBareClient().GetAsync(new Uri(url, UriKind.Relative));

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task NoPageCarriesInlineScript()
    {
        var client = await portal.ViewerClientAsync();
        foreach (var url in new[] { "/", "/units", "/leaders", "/account/password" })
        {
            var html = await client.GetStringAsync(new Uri(url, UriKind.Relative));
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" onclick=", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        var user = await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer);
        var session = await portal.SignInAsync(user);

        using var forged = await session.PostWithoutTokenAsync("/account/logout", []);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var stillIn = await session.GetAsync("/units");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }
}
