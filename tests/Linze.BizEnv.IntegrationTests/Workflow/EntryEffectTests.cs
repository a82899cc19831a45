using System.Net;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Workflow;

/// <summary>A problem's figures (percent, status, last progress, light) follow the entries it has, as they are corrected or deleted.</summary>
public class EntryEffectTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    private const string ResponsibleUnit = "县市场监管局";

    private string Today => ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd");

    private async Task<WebSession> UnitAsync() => await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, ResponsibleUnit));

    private static Task<HttpResponseMessage> AddAsync(WebSession unit, int id, string text, int percent, string? date = null, bool confirmed = false)
    {
        var form = new Dictionary<string, string> { ["Text"] = text, ["PercentComplete"] = percent.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (date is not null)
        {
            form["Date"] = date;
        }

        if (confirmed)
        {
            form["Confirmed"] = "true";
        }

        return unit.PostFormAsync($"/problems/{id}", $"/problems/{id}/entries", form);
    }

    private Task<long> NewestEntryAsync(int problemId) =>
        portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == problemId).OrderByDescending(e => e.Id).Select(e => e.Id).FirstAsync());

    /// <summary>What the problem page shows: status, light and percent.</summary>
    private static async Task<(string Status, string Light, string Percent)> ShownAsync(WebSession session, int id)
    {
        var page = new HtmlPage(HttpStatusCode.OK, await session.GetHtmlAsync($"/problems/{id}"));
        return (HtmlPage.Text(page.Section("status", "</span>")), HtmlPage.Text(page.Section("light", "</span>")), HtmlPage.Text(page.Section("percent", "</span>")));
    }

    [Fact]
    public async Task DeletingAProblemsOnlyEntryPutsItBackAsItWasBeforeAnyEntry()
    {
        var id = await portal.NewProblemAsync();
        var untouched = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await AddAsync(unit, id, "误登记的进展", 35);
        Assert.Equal(("整改中", "35%"), ((await ShownAsync(unit, id)).Status, (await ShownAsync(unit, id)).Percent));

        var delete = await unit.PostFormAsync($"/problems/{id}", $"/entries/{await NewestEntryAsync(id)}/delete", []);

        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        var shown = await ShownAsync(unit, id);
        Assert.Equal(("未启动", "0%"), (shown.Status, shown.Percent));
        Assert.Equal((await ShownAsync(unit, untouched)).Light, shown.Light);
        var problem = await portal.ProblemAsync(id);
        Assert.Null(problem.LastProgressAtUtc);
        Assert.Contains("整改中 → 未启动", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheNewestEntryFallsBackToTheOneBefore()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await AddAsync(unit, id, "第一阶段", 30);
        var firstAt = (await portal.ProblemAsync(id)).LastProgressAtUtc;
        portal.Clock.Advance(TimeSpan.FromHours(2));
        unit = await UnitAsync();
        await AddAsync(unit, id, "第二阶段", 60);

        await unit.PostFormAsync($"/problems/{id}", $"/entries/{await NewestEntryAsync(id)}/delete", []);

        var problem = await portal.ProblemAsync(id);
        Assert.Equal((ProblemStatus.InProgress, 30, firstAt), (problem.Status, problem.PercentComplete, problem.LastProgressAtUtc));
        Assert.Equal("30%", (await ShownAsync(unit, id)).Percent);
    }

    [Fact]
    public async Task DeletingTheEntryThatAnsweredAnInstructionOpensTheInstructionAgain()
    {
        var id = await portal.NewProblemAsync();
        var leader = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Leader));
        await leader.PostFormAsync($"/problems/{id}", $"/problems/{id}/instructions", new() { ["text"] = "请尽快整改。" });
        var unit = await UnitAsync();
        await AddAsync(unit, id, "已落实批示", 20);
        Assert.DoesNotContain("open-instruction", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);

        await unit.PostFormAsync($"/problems/{id}", $"/entries/{await NewestEntryAsync(id)}/delete", []);

        Assert.Contains("open-instruction", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuthorCorrectsAnEntrysPercentWithinADayAndTheProblemFollows()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await AddAsync(unit, id, "进展", 60);
        var entryId = await NewestEntryAsync(id);
        Assert.Contains("name=\"PercentComplete\"", await unit.GetHtmlAsync($"/entries/{entryId}/edit"), StringComparison.Ordinal);

        var edit = await unit.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit", new() { ["Text"] = "进展（更正）", ["Date"] = Today, ["PercentComplete"] = "70" });

        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal("70%", (await ShownAsync(unit, id)).Percent);
        Assert.Contains("完成 70%", await unit.GetHtmlAsync($"/problems/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewEntryWithALowerPercentIsSavedOnlyOnceConfirmed()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await AddAsync(unit, id, "进展", 60);

        var asked = await AddAsync(unit, id, "重新评估后的进度", 40);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asked.StatusCode);
        var html = await asked.Content.ReadAsStringAsync();
        Assert.Contains("完成进度将由 60% 降为 40%", html, StringComparison.Ordinal);
        Assert.Contains("id=\"entry-confirm\"", html, StringComparison.Ordinal);
        Assert.Contains("重新评估后的进度", html, StringComparison.Ordinal);
        Assert.Equal(1, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));
        Assert.Equal(60, (await portal.ProblemAsync(id)).PercentComplete);

        var confirmed = await AddAsync(unit, id, "重新评估后的进度", 40, confirmed: true);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(40, (await portal.ProblemAsync(id)).PercentComplete);
    }

    [Fact]
    public async Task AnEditLoweringThePercentIsSavedOnlyOnceConfirmed()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        await AddAsync(unit, id, "进展", 80);
        var entryId = await NewestEntryAsync(id);
        var form = new Dictionary<string, string> { ["Text"] = "进展", ["Date"] = Today, ["PercentComplete"] = "50" };

        var asked = await unit.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asked.StatusCode);
        Assert.Contains("完成进度由 80% 降为 50%", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(80, (await portal.ProblemAsync(id)).PercentComplete);

        var confirmed = await unit.PostFormAsync($"/entries/{entryId}/edit", $"/entries/{entryId}/edit", new(form) { ["Confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(50, (await portal.ProblemAsync(id)).PercentComplete);
    }

    [Fact]
    public async Task AWorkDateYearsBackIsSavedOnlyOnceConfirmed()
    {
        var id = await portal.NewProblemAsync();
        var unit = await UnitAsync();
        var longAgo = ChinaTime.Today(portal.Clock).AddYears(-3).ToString("yyyy-MM-dd");

        var asked = await AddAsync(unit, id, "补录的旧进展", 10, longAgo);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asked.StatusCode);
        Assert.Contains($"进展日期 {longAgo} 在一年多以前", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == id)));

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(unit, id, "补录的旧进展", 10, longAgo, confirmed: true)).StatusCode);
        Assert.True(await portal.WithDbAsync(db => db.ProgressEntries.AnyAsync(e => e.ProblemId == id)));
    }
}
