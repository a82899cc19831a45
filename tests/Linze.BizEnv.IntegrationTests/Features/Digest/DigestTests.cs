using System.Globalization;
using Linze.BizEnv.IntegrationTests.Features.Dashboard;
using Linze.BizEnv.IntegrationTests.Features.Notifications;
using Linze.BizEnv.Web.Cli;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Digest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Features.Digest;

/// <summary>
/// <see cref="DashboardDataset"/> on a Monday at 09:00 Beijing time, plus, for the unit answering for 1-1 (U1, which
/// also leads indicators 16 and 17): 16-1 returned, 16-2 last reported 45 days ago, 17-1 with an unanswered 批示 — so U1
/// has 1-1 逾期 3 天, 1-2 2 天后到期 and those three. The unit answering for 3-1 (submitted, waiting for review) has nothing to do. Accounts: a clerk of each, an
/// Admin, and a leader account for indicator 1's 责任领导.
/// </summary>
public sealed class DigestPortal : BizEnvFactory
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _ready;

    public DateOnly Monday { get; private set; }

    public (int Id, string Name) Busy { get; private set; }

    public (int Id, string Name) Idle { get; private set; }

    public string LeaderName { get; private set; } = "";

    public async Task ReadyAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_ready)
            {
                return;
            }

            var today = ChinaTime.Today(Clock);
            var daysToMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
            Monday = today.AddDays(daysToMonday == 0 ? 7 : daysToMonday);
            Clock.Advance(ChinaTime.ToUtc(Monday.ToDateTime(new TimeOnly(9, 0))) - Clock.GetUtcNow().UtcDateTime);
            await DashboardDataset.ApplyAsync(this);
            Busy = await DashboardDataset.UnitOfAsync(this, 1);
            Idle = await ProblemUnitAsync(3, 1);
            Assert.NotEqual(Busy.Id, Idle.Id);
            var now = Clock.GetUtcNow().UtcDateTime;
            var busy = Busy.Id;
            LeaderName = await WithDbAsync(async db =>
            {
                var problems = await db.Problems.Include(p => p.Indicator).Where(p => p.Indicator.Number >= 16).ToListAsync();
                Problem At(int indicator, int ordinal) => problems.Single(p => p.Indicator.Number == indicator && p.Ordinal == ordinal);
                Assert.All(new[] { At(16, 1), At(16, 2), At(17, 1) }, p => Assert.Equal(busy, p.ResponsibleUnitId));
                var returned = At(16, 1);
                returned.RecordProgress(100, "dataset", now);
                returned.SubmitForClosure("整改已完成。", hasEvidence: true, "dataset", now);
                returned.ReturnSubmission("请补充企业名单。", "dataset", now);
                At(16, 2).RecordProgress(20, "dataset", now.AddDays(-45));
                var instructed = At(17, 1);
                db.Instructions.Add(Instruction.Write(instructed.IndicatorId, instructed.Id, "请加快进度。", "周延年"));
                await db.SaveChangesAsync();
                return await db.Indicators.Where(i => i.Number == 1).Select(i => i.Leader!.Name).SingleAsync();
            });
            await CreateUserAsync(Roles.Unit, Busy.Name);
            await CreateUserAsync(Roles.Unit, Idle.Name);
            await CreateUserAsync(Roles.Admin);
            var leader = await CreateUserAsync(Roles.Leader);
            await WithDbAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.UserName == leader);
                user.LeaderId = await db.Indicators.Where(i => i.Number == 1).Select(i => i.LeaderId).SingleAsync();
                return await db.SaveChangesAsync();
            });
            _ready = true;
        }
        finally
        {
            _once.Release();
        }
    }

    public async Task<IReadOnlyList<DigestMessage>> BuildAsync(DateOnly date, bool send)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(date, send);
    }

    public Task<List<string>> KeysAsync(DateOnly date) => WithDbAsync(db =>
        db.Notifications.Where(n => n.DispatchKey != null && n.DispatchKey.EndsWith(":" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Select(n => n.DispatchKey!).ToListAsync());

    private Task<(int Id, string Name)> ProblemUnitAsync(int indicator, int ordinal) => WithDbAsync(db =>
        db.Problems.Where(p => p.Indicator.Number == indicator && p.Ordinal == ordinal)
            .Select(p => new ValueTuple<int, string>(p.ResponsibleUnit!.Id, p.ResponsibleUnit.Name)).SingleAsync());
}

/// <summary>The daily digest (issue #15): what each recipient is told, once a day, on working days.</summary>
public class DigestTests(DigestPortal portal) : IClassFixture<DigestPortal>
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The problems a digest lists, as "N-M" labels, in order.</summary>
    private static List<string> Listed(DigestMessage message) =>
        [.. message.Body.Split('\n').Where(l => l.StartsWith('【')).Select(l => l[(l.LastIndexOf('】') + 1)..].Split(' ')[0])];

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(portal.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AUnitsDigestListsExactlyItsReturnedInstructedOverdueDueSoonAndStaleProblems()
    {
        await portal.ReadyAsync();
        var messages = await portal.BuildAsync(portal.Monday, send: false);

        var busy = Assert.Single(messages, m => m.Key == DigestBuilder.UnitKey(portal.Busy.Id, portal.Monday));
        Assert.Equal(["16-1", "17-1", "1-1", "1-2", "16-2"], Listed(busy));
        var lines = busy.Body.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("【被退回：请补充企业名单。】16-1 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("【待回复批示 1 条】17-1 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("【逾期 3 天】【蓝色督办】1-1 ", StringComparison.Ordinal) && l.EndsWith($"（整改时限 {Day(portal.Monday.AddDays(-3))}）", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("【2 天后到期】1-2 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("【45 天未报送】16-2 ", StringComparison.Ordinal));
        Assert.StartsWith(portal.Busy.Name + "：", busy.Body, StringComparison.Ordinal);
        Assert.Equal(DigestOutcome.Preview, busy.Outcome);

        // A unit whose only open item waits for the office's review has nothing to do: no digest at all.
        Assert.DoesNotContain(messages, m => m.Key == DigestBuilder.UnitKey(portal.Idle.Id, portal.Monday));
        // Units without accounts or robots are not written to.
        Assert.All(messages.Where(m => m.Key.StartsWith("digest:unit:", StringComparison.Ordinal)), m => Assert.Equal(busy.Key, m.Key));
    }

    [Fact]
    public async Task TheOfficeIsToldTheReviewQueueAndTheUnitsWithTheMostOverdueProblems()
    {
        await portal.ReadyAsync();
        var office = Assert.Single(await portal.BuildAsync(portal.Monday, send: false), m => m.Key == DigestBuilder.OfficeKey(portal.Monday));

        Assert.Contains("待审核：销号申请 1 项，延期申请 0 项。", office.Body, StringComparison.Ordinal);
        Assert.Equal(["3-1"], Listed(office));
        Assert.Contains($"{portal.Busy.Name}：逾期 1 项", office.Body, StringComparison.Ordinal);
        Assert.Contains("逾期未销号 1 项：红色督办 0 项，黄色督办 0 项，蓝色督办 1 项。", office.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeaderHearsOfTheOverdueProblemsOfTheirIndicatorsOnMondaysOnly()
    {
        await portal.ReadyAsync();
        var monday = await portal.BuildAsync(portal.Monday, send: false);
        var leader = Assert.Single(monday, m => m.Key.StartsWith("digest:leader:", StringComparison.Ordinal));
        Assert.StartsWith(portal.LeaderName + "：", leader.Body, StringComparison.Ordinal);
        Assert.Equal(["1-1"], Listed(leader));
        Assert.Contains("【逾期 3 天】【蓝色督办】1-1 ", leader.Body, StringComparison.Ordinal);
        Assert.Contains($"（{portal.Busy.Name}，整改时限 ", leader.Body, StringComparison.Ordinal);

        var tuesday = await portal.BuildAsync(portal.Monday.AddDays(1), send: false);
        Assert.DoesNotContain(tuesday, m => m.Key.StartsWith("digest:leader:", StringComparison.Ordinal));
        Assert.Contains(tuesday, m => m.Key == DigestBuilder.UnitKey(portal.Busy.Id, portal.Monday.AddDays(1)));
        Assert.Empty(await portal.BuildAsync(portal.Monday.AddDays(5), send: false));
    }

    [Fact]
    public async Task TwoConcurrentRunsWriteOneDigestPerRecipient()
    {
        await portal.ReadyAsync();
        var date = portal.Monday.AddDays(2);
        var expected = (await portal.BuildAsync(date, send: false)).Select(m => m.Key).Order().ToList();
        Assert.Equal(2, expected.Count); // U1 and the office (no leader digest on a Wednesday)

        var runs = await Task.WhenAll(portal.BuildAsync(date, send: true), portal.BuildAsync(date, send: true));

        Assert.Equal(expected, (await portal.KeysAsync(date)).Order().ToList());
        Assert.Equal(expected.Count, runs.SelectMany(r => r).Count(m => m.Outcome == DigestOutcome.Written));
        Assert.All(await portal.BuildAsync(date, send: true), m => Assert.Equal(DigestOutcome.AlreadySent, m.Outcome));
    }

    [Fact]
    public async Task TheVerbWritesTheDigestsOnceAndASecondRunSendsNothingNew()
    {
        await portal.ReadyAsync();
        var date = Day(portal.Monday.AddDays(3));

        var first = await RunAsync("notify", "digest", "--date", date);
        Assert.Equal(0, first.Exit);
        Assert.Contains($"→ {portal.Busy.Name}（已写入待发送）", first.Out, StringComparison.Ordinal);
        Assert.Contains("【逾期 6 天】【蓝色督办】1-1 ", first.Out, StringComparison.Ordinal);
        Assert.Contains("已写入 2 条提醒", first.Out, StringComparison.Ordinal);
        var keys = await portal.KeysAsync(portal.Monday.AddDays(3));

        var second = await RunAsync("notify", "digest", "--date", date);
        Assert.Equal(0, second.Exit);
        Assert.Contains("都已发送过，没有新的提醒", second.Out, StringComparison.Ordinal);
        Assert.Equal(keys, await portal.KeysAsync(portal.Monday.AddDays(3)));
    }

    [Fact]
    public async Task ADryRunShowsWhoGetsWhatAndWritesNothing()
    {
        await portal.ReadyAsync();
        var before = await portal.WithDbAsync(db => db.Notifications.CountAsync());

        var (exit, output, _) = await RunAsync("notify", "digest", "--date", Day(portal.Monday.AddDays(4)), "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains($"→ {portal.Busy.Name}（预览，未发送）", output, StringComparison.Ordinal);
        Assert.Contains("未写入任何内容", output, StringComparison.Ordinal);
        Assert.Equal(before, await portal.WithDbAsync(db => db.Notifications.CountAsync()));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("明天")]
    public async Task ABadDateIsRefusedInChinese(string date)
    {
        var (exit, _, error) = await RunAsync("notify", "digest", "--date", date);
        Assert.NotEqual(0, exit);
        Assert.Contains("请写成 yyyy-MM-dd", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingIsSentOnAWeekend()
    {
        await portal.ReadyAsync();
        var (exit, output, _) = await RunAsync("notify", "digest", "--date", Day(portal.Monday.AddDays(-1)));
        Assert.Equal(0, exit);
        Assert.Contains("是周末", output, StringComparison.Ordinal);
        Assert.Empty(await portal.KeysAsync(portal.Monday.AddDays(-1)));
    }
}

/// <summary>
/// The background scheduler: nothing before <c>Notifications:DigestTime</c> (08:30 Beijing time), the day's digests once
/// after it, and nothing more that day from this instance, from a restarted one or on a weekend.
/// </summary>
public class DigestSchedulerTests(DigestPortal portal) : IClassFixture<DigestPortal>
{
    private DigestScheduler NewScheduler() => ActivatorUtilities.CreateInstance<DigestScheduler>(portal.Services);

    private void MoveTo(DateOnly day, int hour, int minute) =>
        portal.Clock.Advance(ChinaTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute))) - portal.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task TheDaysDigestsAreWrittenOnceAfterTheDigestTimeAndNotAgainAfterARestart()
    {
        await portal.ReadyAsync();
        var tuesday = portal.Monday.AddDays(1);
        var scheduler = NewScheduler();

        MoveTo(tuesday, 8, 29);
        Assert.Equal(0, await scheduler.RunDueAsync());
        Assert.Empty(await portal.KeysAsync(tuesday));

        MoveTo(tuesday, 8, 31);
        Assert.Equal(2, await scheduler.RunDueAsync()); // the busy unit and the county office
        var keys = await portal.KeysAsync(tuesday);
        Assert.Equal(2, keys.Count);

        MoveTo(tuesday, 15, 0);
        Assert.Equal(0, await scheduler.RunDueAsync());
        Assert.Equal(0, await NewScheduler().RunDueAsync()); // a restart, or a second instance
        Assert.Equal(keys, await portal.KeysAsync(tuesday));

        var saturday = portal.Monday.AddDays(5);
        MoveTo(saturday, 9, 0);
        Assert.Equal(0, await scheduler.RunDueAsync());
        Assert.Empty(await portal.KeysAsync(saturday));
    }
}

/// <summary>A portal whose calendar has the 2030 National Day holiday and the Sunday before it as a 调休 working day.</summary>
public sealed class HolidayPortal : BizEnvFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Notifications:Holidays:0", "2030-10-01");
        builder.UseSetting("Notifications:WorkingWeekends:0", "2030-09-29");
    }
}

public class DigestCalendarTests(HolidayPortal portal) : IClassFixture<HolidayPortal>
{
    private async Task<string> RunAsync(string date)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(portal.Services, ["notify", "digest", "--date", date, "--dry-run"], output, error));
        return output.ToString();
    }

    [Fact]
    public async Task NoDigestOnAConfiguredHolidayButOneOnAWorkingWeekend()
    {
        Assert.Contains("2030-10-01 是法定节假日，不发送每日待办提醒", await RunAsync("2030-10-01"), StringComparison.Ordinal);
        Assert.DoesNotContain("不发送每日待办提醒", await RunAsync("2030-09-29"), StringComparison.Ordinal);
        Assert.Contains("是周末", await RunAsync("2030-09-28"), StringComparison.Ordinal);
    }
}

/// <summary>A unit's digest arrives by email through a real SMTP server, linking to 我的工作.</summary>
public class DigestDeliveryTests(NotifyingPortal portal) : IClassFixture<NotifyingPortal>
{
    [Fact]
    public async Task AUnitsDigestArrivesByEmail()
    {
        await DashboardDataset.ApplyAsync(portal);
        var (_, unit) = await DashboardDataset.UnitOfAsync(portal, 1);
        var name = await portal.CreateUserAsync(Roles.Unit, unit);
        var email = $"{name}@units.linze.example";
        await portal.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.UserName == name)).Email = email;
            return await db.SaveChangesAsync();
        });
        var today = ChinaTime.Today(portal.Clock);
        var date = today.AddDays(today.DayOfWeek switch { DayOfWeek.Saturday => 2, DayOfWeek.Sunday => 1, _ => 0 });

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(date, send: true);
        }

        await portal.SendDueAsync();

        var mail = Assert.Single(portal.Mail.To(email));
        Assert.Contains("每日待办提醒", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("1-1 ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("【逾期 ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(NotifyingPortal.PublicUrl + "/my-work", mail.TextBody, StringComparison.Ordinal);
    }
}
