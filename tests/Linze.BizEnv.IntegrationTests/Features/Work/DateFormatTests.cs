using System.Net;
using System.Text.RegularExpressions;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.IntegrationTests.Features.Work;

/// <summary>Every page writes a date the one way: 2026-12-31.</summary>
public partial class DateFormatTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    [Fact]
    public async Task TheReviewQueueWritesAnExtensionsDatesAsYearMonthDay()
    {
        var id = await portal.NewProblemAsync();
        await portal.PendingExtensionAsync(id);
        var due = (await portal.ProblemAsync(id)).DueDate!.Value;

        var admin = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Admin));
        var queue = new HtmlPage(HttpStatusCode.OK, await admin.GetHtmlAsync("/review")).Section("extensions", "</a>");

        Assert.Contains($"时限 {ChinaTime.FormatDate(due)} → {ChinaTime.FormatDate(due.AddDays(30))}", HtmlPage.Text(queue), StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} → \d{4}-\d{2}-\d{2}", queue);
        Assert.DoesNotMatch(SlashDate(), queue);
    }

    [Fact]
    public async Task TheProblemPageAndMyWorkWriteTheDueDateAsYearMonthDay()
    {
        var id = await portal.NewProblemAsync();
        await portal.PendingExtensionAsync(id);
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));

        foreach (var html in new[] { await unit.GetHtmlAsync($"/problems/{id}"), await unit.GetHtmlAsync("/my-work") })
        {
            Assert.Matches(@"时限\s*\d{4}-\d{2}-\d{2}|id=""due-date"">\d{4}-\d{2}-\d{2}", html);
            Assert.DoesNotMatch(SlashDate(), html);
        }
    }

    [Fact]
    public void TheHelperWritesYearMonthDayWhateverTheCulture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-US");
            Assert.Equal("2026-12-31", ChinaTime.FormatDate(new DateOnly(2026, 12, 31)));
            Assert.Equal("", ChinaTime.FormatDate(null));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [GeneratedRegex(@"\d{1,2}/\d{1,2}/\d{4}")]
    private static partial Regex SlashDate();
}
