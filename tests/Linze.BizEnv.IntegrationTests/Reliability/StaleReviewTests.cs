using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>A review acts on the submission the reviewer saw, never on one that came after it.</summary>
public partial class StaleReviewTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Theory]
    [InlineData("approve")]
    [InlineData("return")]
    public async Task AReviewFromAPageOpenedBeforeAResubmissionIsRefusedWithTheCurrentStateShown(string action)
    {
        var id = await portal.NewProblemAsync();
        var page = $"/problems/{id}";
        await portal.SubmittedAsync(id);
        var stale = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var seen = await stale.GetHtmlAsync(page);
        var staleVersion = VersionPattern().Match(seen).Groups[1].Value;
        Assert.NotEmpty(staleVersion);

        // Meanwhile another reviewer returns it, and the unit resubmits.
        var other = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        await other.PostFormAsync(page, $"{page}/return", new() { ["reason"] = "请补充盖章材料" });
        await portal.SubmittedAsync(id);

        using var response = await stale.PostFormAsync(page, $"{page}/{action}", new() { ["Version"] = staleVersion, ["reason"] = "过时页面上的理由" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("已被他人处理或重新提交", html, StringComparison.Ordinal);
        var problem = await portal.ProblemAsync(id);
        Assert.Equal(ProblemStatus.SubmittedForClosure, problem.Status);
        Assert.Equal(1, problem.StatusChanges.Count(c => c.From == ProblemStatus.SubmittedForClosure));

        using var fresh = await stale.PostFormAsync(page, $"{page}/{action}", new() { ["reason"] = "核对后的理由" });
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [GeneratedRegex("id=\"approve-form\"[\\s\\S]*?name=\"Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionPattern();
}
