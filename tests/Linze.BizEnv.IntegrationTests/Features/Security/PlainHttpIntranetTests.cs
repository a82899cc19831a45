using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

/// <summary>Production settings: HTTPS by default; Security:RequireHttps=false for an intranet served over plain HTTP.</summary>
public sealed class PlainHttpIntranetTests
{
    private sealed class ProductionPortal(bool requireHttps) : BizEnvFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Security:RequireHttps", requireHttps ? "true" : "false");
            builder.UseSetting("https_port", "443"); // Kestrel would know it from its HTTPS endpoint
        }
    }

    [Fact]
    public async Task OverPlainHttpTheLoginPageWorksAndSignsIn()
    {
        using var portal = new ProductionPortal(requireHttps: false);
        using var page = await portal.CreateBareClient().GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(page.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        var session = await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer));
        Assert.Contains("id=\"dashboard-indicators\"", await session.GetHtmlAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindATlsProxyTheCookiesAreSecureAgain()
    {
        using var portal = new ProductionPortal(requireHttps: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var page = await portal.CreateBareClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ByDefaultProductionSendsPlainHttpToHttps()
    {
        using var portal = new ProductionPortal(requireHttps: true);
        using var page = await portal.CreateBareClient().GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, page.Headers.Location!.Scheme);
    }
}
