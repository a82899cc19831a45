using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Problems;

public class ProblemPageTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task AClosedProblemsHeadingSaysClosedOnce()
    {
        var id = await portal.NewProblemAsync();
        await portal.SubmittedAsync(id);
        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/approve", [])).StatusCode);

        var page = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync($"/problems/{id}"));
        var heading = HtmlPage.Text(page.Section("problem-heading", "</div>"));

        Assert.Equal(1, heading.Split("已销号").Length - 1);
        Assert.StartsWith("问题 ", heading, StringComparison.Ordinal);
    }
}
