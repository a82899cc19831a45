using System.Net;
using System.Reflection;
using System.Text;
using Linze.BizEnv.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Authorization;

/// <summary>
/// Who may call each POST endpoint. Every POST action in the portal, found by reflection, must have a row here,
/// so a new endpoint without an authorization test fails the build. Each row is then tried by users who must be
/// refused: they get 403 (or, anonymous, the login page) and the database is unchanged.
/// </summary>
public class AuthorizationMatrixTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    public enum Access
    {
        /// <summary>Open to anyone: the login form.</summary>
        Anonymous,

        /// <summary>Any signed-in user, acting on their own account only.</summary>
        OwnAccount,

        /// <summary>The county office only.</summary>
        Admin,
    }

    private sealed record Row(Access Access, Func<string, string> Url, Dictionary<string, string> Form);

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["AccountController.Login"] = new(Access.Anonymous, _ => "/account/login", new() { ["UserName"] = "x", ["Password"] = "y" }),
        ["AccountController.Logout"] = new(Access.OwnAccount, _ => "/account/logout", []),
        ["AccountController.ChangePassword"] = new(Access.OwnAccount, _ => "/account/password",
            new() { ["CurrentPassword"] = BizEnvFactory.UserPassword, ["NewPassword"] = "Matrix-Pass-9!", ["ConfirmPassword"] = "Matrix-Pass-9!" }),
        ["UsersController.Create"] = new(Access.Admin, _ => "/admin/users/new", new() { ["UserName"] = "matrix-new", ["Role"] = Roles.Viewer }),
        ["UsersController.Edit"] = new(Access.Admin, target => $"/admin/users/{target}/edit", new() { ["Role"] = Roles.Leader }),
        ["UsersController.Disable"] = new(Access.Admin, target => $"/admin/users/{target}/disable", []),
        ["UsersController.Enable"] = new(Access.Admin, target => $"/admin/users/{target}/enable", []),
        ["UsersController.ResetPassword"] = new(Access.Admin, target => $"/admin/users/{target}/reset-password", []),
        ["UsersController.CreateForUnits"] = new(Access.Admin, _ => "/admin/users/create-for-units", []),
    };

    public static TheoryData<string> PostEndpoints()
    {
        var data = new TheoryData<string>();
        foreach (var action in PostActionNames())
        {
            data.Add(action);
        }

        return data;
    }

    private static IEnumerable<string> PostActionNames() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(Controller).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttributes<HttpMethodAttribute>().Any(a => a.HttpMethods.Contains("POST")))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Rows(Access access)
    {
        var data = new TheoryData<string>();
        foreach (var name in Matrix.Where(r => r.Value.Access == access).Select(r => r.Key))
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> AdminRows() => Rows(Access.Admin);

    public static TheoryData<string> OwnAccountRows() => Rows(Access.OwnAccount);

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public void EveryPostEndpointHasARowInTheMatrix(string endpoint) =>
        Assert.True(Matrix.ContainsKey(endpoint), $"{endpoint} has no row in the authorization matrix: add one saying who may call it.");

    [Fact]
    public void TheMatrixNamesOnlyEndpointsThatExist() =>
        Assert.Empty(Matrix.Keys.Except(PostActionNames()));

    [Theory]
    [MemberData(nameof(AdminRows))]
    public async Task AdminEndpointsRefuseEveryoneElseAndChangeNothing(string endpoint)
    {
        var row = Matrix[endpoint];
        var target = await TargetUserIdAsync();
        var refused = new Dictionary<string, WebSession>
        {
            ["Viewer"] = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer)),
            ["Leader"] = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader)),
            ["unrelated unit"] = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "临泽火车站")),
        };
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));

        foreach (var (who, session) in refused)
        {
            var before = await FingerprintAsync();
            using var response = await session.PostFormAsync("/", row.Url(target), row.Form);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who} → {endpoint}: {(int)response.StatusCode}");
            Assert.Equal(before, await FingerprintAsync());
        }

        await AssertAnonymousIsSentToLoginAsync(row.Url(target), row.Form);

        using var allowed = await admin.PostFormAsync("/", row.Url(target), row.Form);
        Assert.True((int)allowed.StatusCode is >= 200 and < 400, $"admin → {endpoint}: {(int)allowed.StatusCode}");
        Assert.False(allowed.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) ?? false);
    }

    [Theory]
    [MemberData(nameof(OwnAccountRows))]
    public async Task OwnAccountEndpointsNeedASignInAndTouchOnlyTheCallersAccount(string endpoint)
    {
        var row = Matrix[endpoint];
        await AssertAnonymousIsSentToLoginAsync(row.Url(""), row.Form);

        var bystander = await portal.CreateUserAsync(Roles.Viewer);
        var bystanderBefore = await AccountStateAsync(bystander);
        var caller = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县法院"));
        using var response = await caller.PostFormAsync("/", row.Url(""), row.Form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(bystanderBefore, await AccountStateAsync(bystander));
    }

    private async Task AssertAnonymousIsSentToLoginAsync(string url, Dictionary<string, string> form)
    {
        var anonymous = new WebSession(portal.CreateBareClient());
        var before = await FingerprintAsync();
        using var response = await anonymous.PostFormAsync("/account/login", url, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync());
    }

    private async Task<string> TargetUserIdAsync()
    {
        var name = await portal.CreateUserAsync(Roles.Viewer);
        return await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());
    }

    private Task<string> AccountStateAsync(string userName) => portal.WithDbAsync(async db =>
    {
        var u = await db.Users.AsNoTracking().SingleAsync(x => x.UserName == userName);
        return $"{u.PasswordHash}|{u.SecurityStamp}|{u.IsDisabled}|{u.UnitId}|{u.MustChangePassword}|{u.DisplayName}";
    });

    /// <summary>Everything a refused request could have changed: accounts, their roles, and the list's data.</summary>
    private Task<string> FingerprintAsync() => portal.WithDbAsync(async db =>
    {
        var text = new StringBuilder();
        foreach (var u in await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync())
        {
            text.AppendLine($"{u.Id}|{u.UserName}|{u.PasswordHash}|{u.SecurityStamp}|{u.IsDisabled}|{u.UnitId}|{u.MustChangePassword}|{u.DisplayName}|{u.LockoutEnd}");
        }

        foreach (var r in await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId).ToListAsync())
        {
            text.AppendLine($"{r.UserId}>{r.RoleId}");
        }

        text.AppendLine($"{await db.Lists.CountAsync()}/{await db.Indicators.CountAsync()}/{await db.Problems.CountAsync()}/{await db.Units.CountAsync()}/{await db.IndicatorUnits.CountAsync()}");
        return text.ToString();
    });
}
