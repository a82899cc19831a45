using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>协办: a deputy's or member's entry is recorded on the problem, but only the responsible unit (or the office) moves its figures.</summary>
public class SupportingEntryTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Theory]
    [InlineData("县人社局")] // 成员单位 of 开办企业
    [InlineData("县公安局")] // 副组长单位
    public async Task AnotherUnitsEntryIsRecordedAsSupportingAndMovesNoFigures(string unitName)
    {
        var id = await portal.NewProblemAsync();
        var member = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, unitName));
        var form = await member.GetHtmlAsync($"/problems/{id}");
        Assert.Contains("id=\"supporting-note\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"PercentComplete\"", form, StringComparison.Ordinal);

        var entry = await member.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "配合提供社保登记数据。", ["PercentComplete"] = "35" });

        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        var problem = await portal.ProblemAsync(id);
        Assert.Equal((ProblemStatus.NotStarted, 0, (DateTime?)null), (problem.Status, problem.PercentComplete, problem.LastProgressAtUtc));
        var timeline = new HtmlPage(HttpStatusCode.OK, await member.GetHtmlAsync($"/problems/{id}")).Section("timeline", "</ol>");
        Assert.Contains("协办进展", timeline, StringComparison.Ordinal);
        Assert.Contains("配合提供社保登记数据。", timeline, StringComparison.Ordinal);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).Select(e => e.IsSupporting).SingleAsync()));
    }

    [Fact]
    public async Task TheResponsibleUnitsAndTheOfficesEntriesMoveTheFiguresAndAreNotSupporting()
    {
        var id = await portal.NewProblemAsync();
        var lead = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        await lead.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "已开通免费刻章。", ["PercentComplete"] = "35" });
        Assert.Equal((ProblemStatus.InProgress, 35), ((await portal.ProblemAsync(id)).Status, (await portal.ProblemAsync(id)).PercentComplete));

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        await admin.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "县营商办核实进度。", ["PercentComplete"] = "50" });

        Assert.Equal(50, (await portal.ProblemAsync(id)).PercentComplete);
        Assert.DoesNotContain("协办进展", await lead.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingASupportingEntryLeavesTheResponsibleUnitsFiguresAlone()
    {
        var id = await portal.NewProblemAsync();
        var lead = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));
        await lead.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "主办进展。", ["PercentComplete"] = "40" });
        var member = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县住建局"));
        await member.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", new() { ["Text"] = "协办进展。" });
        var supporting = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id && e.IsSupporting).Select(e => e.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await member.PostFormAsync($"/problems/{id}", $"/entries/{supporting}/delete", [])).StatusCode);

        Assert.Equal((ProblemStatus.InProgress, 40), ((await portal.ProblemAsync(id)).Status, (await portal.ProblemAsync(id)).PercentComplete));
    }
}
