using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Security;

/// <summary>An nginx on its own server in front of several instances: its X-Forwarded-* count only when it is listed.</summary>
public sealed class ProxyOnAnotherMachineTests
{
    private const string ProxyAddress = "10.20.30.40";

    private sealed class PortalBehindProxy(bool listed) : BizEnvFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Security:RequireHttps", "false");
            if (listed)
            {
                builder.UseSetting("ForwardedHeaders:KnownProxies:0", ProxyAddress);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FromProxy>());
        }

        /// <summary>Every request arrives from the proxy's address, as it would over the network.</summary>
        private sealed class FromProxy : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(ProxyAddress);
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    private static async Task<IEnumerable<string>> CookiesOverTlsProxyAsync(BizEnvFactory portal)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var page = await portal.CreateBareClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return page.Headers.GetValues("Set-Cookie");
    }

    [Fact]
    public async Task AListedProxyIsBelievedThatTheBrowserUsedHttps()
    {
        using var portal = new PortalBehindProxy(listed: true);
        Assert.All(await CookiesOverTlsProxyAsync(portal), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnUnlistedMachineCannotClaimHttps()
    {
        using var portal = new PortalBehindProxy(listed: false);
        Assert.All(await CookiesOverTlsProxyAsync(portal), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
