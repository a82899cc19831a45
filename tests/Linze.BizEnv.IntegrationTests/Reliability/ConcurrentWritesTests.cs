using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>Writers who meet on one problem: appending is not editing, so neither loses what they sent.</summary>
public class ConcurrentWritesTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task TwoEntriesOnOneProblemAtTheSameMomentBothSucceed()
    {
        var id = await portal.NewProblemAsync();
        await using var first = portal.Services.CreateAsyncScope();
        await using var second = portal.Services.CreateAsyncScope();
        var firstService = first.ServiceProvider.GetRequiredService<RectificationService>();
        var secondService = second.ServiceProvider.GetRequiredService<RectificationService>();
        // Both load the problem as it is, as two requests would, before either writes.
        var seenByFirst = (await firstService.FindProblemAsync(id))!;
        var seenBySecond = (await secondService.FindProblemAsync(id))!;
        var today = ChinaTime.Today(portal.Clock);

        await secondService.AddEntryAsync(seenBySecond.IndicatorId, seenBySecond, new Writer("b", "乙", seenBySecond.ResponsibleUnitId), today, "乙的进展", 30, []);
        await firstService.AddEntryAsync(seenByFirst.IndicatorId, seenByFirst, new Writer("a", "甲", seenByFirst.ResponsibleUnitId), today, "甲的进展", 40, []);

        var problem = await portal.ProblemAsync(id);
        Assert.Equal(2, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));
        Assert.Equal(40, problem.PercentComplete);
        Assert.Equal(ProblemStatus.InProgress, problem.Status);
        Assert.Single(problem.StatusChanges, c => c.To == ProblemStatus.InProgress);
    }

    [Fact]
    public async Task EightClerksPostingToOneProblemAtOnceAreAllRecorded()
    {
        var id = await portal.NewProblemAsync();
        var clerks = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Unit, "县市场监管局"))));
        var today = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd");

        var answers = await Task.WhenAll(clerks.Select((clerk, i) => clerk.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries",
            new() { ["Text"] = $"第{i}位的进展", ["PercentComplete"] = (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), ["PercentShown"] = "0", ["Date"] = today },
            ($"证明{i}.pdf", Scenario.Pdf))));

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(8, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));
        Assert.Equal(8, await portal.WithDbAsync(db => db.Evidence.CountAsync(e => e.ProgressEntry.ProblemId == id)));
        var problem = await portal.ProblemAsync(id);
        var last = await portal.WithDbAsync(db => db.ProgressEntries.Where(e => e.ProblemId == id).OrderByDescending(e => e.Id).Select(e => e.PercentComplete).FirstAsync());
        Assert.Equal(last, problem.PercentComplete);
        Assert.Single(problem.StatusChanges, c => c.To == ProblemStatus.InProgress);
    }

    [Fact]
    public async Task TheSameFormSentTwiceIsRecordedOnceWhetherInTurnOrAtOnce()
    {
        var id = await portal.NewProblemAsync();
        var clerk = await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Unit, "县市场监管局"));
        var today = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd");
        async Task<Dictionary<string, string>> FormAsShownAsync()
        {
            var html = await clerk.GetHtmlAsync($"/problems/{id}");
            var key = System.Text.RegularExpressions.Regex.Match(html, "name=\"SubmissionKey\" value=\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(key);
            return new() { ["Text"] = "只应登记一次", ["PercentComplete"] = "20", ["Date"] = today, ["SubmissionKey"] = key };
        }

        var form = await FormAsShownAsync();
        using var first = await clerk.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", form, ("证明.pdf", Scenario.Pdf));
        using var retry = await clerk.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", form, ("证明.pdf", Scenario.Pdf));
        Assert.Equal((System.Net.HttpStatusCode.Redirect, System.Net.HttpStatusCode.Redirect), (first.StatusCode, retry.StatusCode));
        Assert.Equal(1, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));

        var twin = await FormAsShownAsync();
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => clerk.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries", twin)));
        Assert.All(both, a => Assert.Equal(System.Net.HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(2, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));
        Assert.Equal(1, await portal.WithDbAsync(db => db.Evidence.CountAsync(e => e.ProgressEntry.ProblemId == id)));

        // A key copied into another problem's form is no repeat of the first form: that entry is recorded.
        var other = await portal.NewProblemAsync();
        using var copied = await clerk.PostMultipartAsync($"/problems/{other}", $"/problems/{other}/entries", twin);
        Assert.Equal(1, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == other)));
    }
}
