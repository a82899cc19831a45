using System.Net;
using Linze.BizEnv.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Features.Users;

/// <summary>An account created without a 姓名 is named after its unit or its leader, never shown as a bare user name.</summary>
public class AccountNameTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task AccountsCreatedForUnitsInOneGoAreNamedAfterTheirUnits()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        var created = await admin.PostFormAsync("/admin/users", "/admin/users/create-for-units", []);

        Assert.True(created.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{created.StatusCode}");
        var accounts = await portal.WithDbAsync(db => db.Users.Where(u => u.UnitId != null).Select(u => new { u.DisplayName, Unit = u.Unit!.Name }).ToListAsync());
        Assert.True(accounts.Count > 10);
        Assert.All(accounts, a => Assert.Equal(a.Unit, a.DisplayName));
    }

    [Fact]
    public async Task ALeadersAccountWithoutANameSignsItsInstructionsWithTheLeadersName()
    {
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var leaderId = await portal.WithDbAsync(db => db.Leaders.Where(l => l.Name == "周延年").Select(l => l.Id).SingleAsync());
        var name = "zhouyn" + Guid.NewGuid().ToString("N")[..4];
        await admin.PostFormAsync("/admin/users/new", "/admin/users/new",
            new() { ["UserName"] = name, ["Role"] = Roles.Leader, ["LeaderId"] = leaderId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal("周延年", await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.DisplayName).SingleAsync()));
    }
}
