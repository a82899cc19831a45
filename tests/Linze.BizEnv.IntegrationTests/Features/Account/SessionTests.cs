using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Account;

public class SessionTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private static bool SentToLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.PathAndQuery.StartsWith("/account/login", StringComparison.Ordinal);

    [Fact]
    public async Task ThirtyOneIdleMinutesEndTheSession()
    {
        var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));
        portal.Clock.Advance(TimeSpan.FromMinutes(29));
        using (var stillIn = await session.GetAsync("/units"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        portal.Clock.Advance(TimeSpan.FromMinutes(31));
        using var idle = await session.GetAsync("/units");
        Assert.True(SentToLogin(idle));
    }

    [Fact]
    public async Task ActivityKeepsTheSessionButEightHoursAfterSignInItEnds()
    {
        var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(7.5); elapsed += TimeSpan.FromMinutes(20))
        {
            portal.Clock.Advance(TimeSpan.FromMinutes(20));
            using var active = await session.GetAsync("/units");
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        }

        portal.Clock.Advance(TimeSpan.FromMinutes(40));
        using var expired = await session.GetAsync("/units");
        Assert.True(SentToLogin(expired));
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlyAndSameSiteLax()
    {
        var user = await portal.CreateUserAsync(Roles.Viewer);
        var response = await new WebSession(portal.CreateBareClient()).LoginAsync(user, BizEnvFactory.UserPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bizenv.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
