using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Features.Dashboard;
/// <summary>
/// The dashboard of one list in eight set-based queries whatever the size of the database: the data's version,
/// the list selector, when the list was loaded, the list's indicators with their leaders, their units' roles, one narrow row per problem, and two
/// aggregates over progress entries computed by the database (last entry per unit, entries per day). A list holds a few hundred
/// problems at most, so their traffic lights are computed here by <see cref="TrafficLightRules"/>, the one
/// definition every page and export uses; the unbounded table (progress entries) is only ever aggregated.
/// A result is reused only while the data's version and the day are unchanged (<see cref="DashboardCache"/>), so a new
/// entry shows on the next load; a reused result costs one query.
/// </summary>
public sealed class DashboardQuery(
    BizEnvDbContext db, ListStore store, TimeProvider time, IOptions<TrafficLightOptions> lightOptions, DashboardCache cache, IOptions<UrgeOptions> urgeLevels,
    Benchmarks.BenchmarkQuery benchmarks)
{
    /// <summary>The 对标达标 section names this many metrics furthest behind, and this many that moved most this month.</summary>
    public const int BenchmarkRows = 5;

    public const int TrendWeeks = 12;

    /// <summary>The overdue and due-soon lists show this many, most urgent first, and say how many there are.</summary>
    public const int AlertRows = 20;

    public async Task<(IReadOnlyList<ListOption> Lists, DashboardReport? Report)> BuildAsync(
        int? listId, DashboardFilter filter, DashboardViewer viewer, CancellationToken ct = default)
    {
        // One connection for all the queries that follow, instead of opening it (and setting pragmas) for each.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Every change to the data goes through SaveChanges and so writes an audit line in the same transaction:
            // the newest audit line's id is the data's version. With today's date (lights count whole days in
            // China) it says whether a dashboard computed earlier is still exactly right.
            var version = await Compiled.Version(db) ?? 0;
            // One reading of the clock for the key and the figures, so both speak of the same day.
            var now = time.GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(ChinaTime.From(now));
            var key = new DashboardCache.Key(listId, filter, viewer, today, version);
            if (cache.TryGet(key, out var cached))
            {
                return cached;
            }

            var lists = await store.ListOptionsAsync(ct);
            var list = listId is null ? lists.FirstOrDefault(l => !l.IsArchived) ?? lists.FirstOrDefault() : lists.Find(l => l.Id == listId);
            (IReadOnlyList<ListOption>, DashboardReport?) result = (lists, list is null ? null : await BuildReportAsync(list, lists, filter, viewer, now, today, ct));
            cache.Set(key, result);
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<DashboardReport> BuildReportAsync(
        ListOption list, List<ListOption> lists, DashboardFilter filter, DashboardViewer viewer, DateTime now, DateOnly today, CancellationToken ct)
    {
        var options = lightOptions.Value;
        var indicators = await LoadIndicatorsAsync(list.Id, ct);
        var start = await Compiled.Start(db, list.Id) ?? new ListStart(DateTime.MinValue, null);
        var problems = await LoadProblemsAsync(list.Id, start, now, options, ct);
        var lastEntries = (await Compiled.LastEntryPerUnit(db, list.Id).ToListAsync(ct)).ToDictionary(x => x.UnitId, x => x.Last);
        var leaderOf = indicators.ToDictionary(i => i.Id, i => i.LeaderId);
        var trend = await LoadTrendAsync(list.Id, filter, today, problems.Where(p => filter.LeaderId is null || leaderOf[p.IndicatorId] == filter.LeaderId), ct);
        var shown = problems.Where(p => Matches(p, filter, leaderOf[p.IndicatorId])).ToList();
        var shownIndicators = indicators.Where(i => Shows(i, filter, shown)).ToList();

        var indicatorRows = shownIndicators
            .Select(i => Standing(i, shown.Where(p => p.IndicatorId == i.Id).ToList(), viewer))
            .OrderByDescending(i => i.IsMine).ThenBy(i => i.Number)
            .ToList();
        var unitScoreboard = BuildUnitScoreboard(problems, leaderOf, filter, viewer, lastEntries, today, options.StaleDays, start, indicators);
        var leaderRows = shownIndicators.Where(i => i.LeaderId is not null)
            .GroupBy(i => (Id: i.LeaderId!.Value, Name: i.LeaderName!))
            .Select(g =>
            {
                var ids = g.Select(i => i.Id).ToHashSet();
                var own = shown.Where(p => ids.Contains(p.IndicatorId)).ToList();
                return new LeaderStanding(g.Key.Id, g.Key.Name, g.Count(), own.Count, own.Count(p => p.Status == ProblemStatus.Closed),
                    own.Count(p => p.Light == TrafficLight.Red), g.Key.Id == viewer.LeaderId);
            })
            .OrderByDescending(l => l.IsMine).ThenBy(l => indicators.First(i => i.LeaderId == l.Id).Number)
            .ToList();

        var headline = new HeadlineFigures(
            shownIndicators.Count, shown.Count,
            shown.Count(p => p.Status == ProblemStatus.Closed),
            shown.Count(p => p.Status == ProblemStatus.InProgress),
            shown.Count(p => p.Light == TrafficLight.Red),
            shown.Count(p => p.Light == TrafficLight.Yellow),
            shown.Count(p => p.Status == ProblemStatus.SubmittedForClosure));
        var statusCounts = Enum.GetValues<ProblemStatus>().ToDictionary(s => s, s => shown.Count(p => p.Status == s));
        var overdue = shown.Where(p => p.Light == TrafficLight.Red)
            .OrderBy(p => p.DueDate).ThenBy(p => p.IndicatorNumber).ThenBy(p => p.Ordinal)
            .Select(p => Alert(p, today, urgeLevels.Value)).ToList();
        var dueSoon = shown.Where(p => p.Status != ProblemStatus.Closed && p.DueDate is { } due
                && due >= today && due.DayNumber - today.DayNumber <= options.DueSoonDays)
            .OrderBy(p => p.DueDate).ThenBy(p => p.IndicatorNumber).ThenBy(p => p.Ordinal)
            .Select(p => Alert(p, today, urgeLevels.Value)).ToList();

        var unitOptions = indicators.SelectMany(i => i.Units).Select(u => new NamedLink(u.UnitId, u.Name))
            .Concat(problems.Where(p => p.Unit is not null).Select(p => p.Unit!))
            .DistinctBy(u => u.Id).OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        var leaderOptions = indicators.Where(i => i.LeaderId is not null).Select(i => new NamedLink(i.LeaderId!.Value, i.LeaderName!))
            .DistinctBy(l => l.Id).ToList();

        var shownIds = shownIndicators.Select(i => i.Id).ToHashSet();
        var metrics = (await benchmarks.ForListAsync(list.Id, new DateOnly(today.Year, today.Month, 1), ct)).Where(m => shownIds.Contains(m.IndicatorId)).ToList();

        return new DashboardReport(
            list.Id, list.Title, list.IsArchived, lists, filter, today, headline, statusCounts, indicatorRows, overdue, dueSoon,
            unitScoreboard, leaderRows, trend, unitOptions, leaderOptions, options.DueSoonDays, options.StaleDays, BenchmarkSummary.Of(metrics, BenchmarkRows));
    }

    private sealed record UnitRoleRow(int UnitId, string Name, UnitRole Role, int SortOrder);

    private sealed record RoleRow(int IndicatorId, int UnitId, string Name, UnitRole Role, int SortOrder);

    private sealed record ProblemRow(
        int Id, int IndicatorId, int IndicatorNumber, string IndicatorName, int Ordinal, string Text, int? ResponsibleUnitId, string? UnitName,
        ProblemStatus Status, DateOnly? DueDate, DateOnly? StartDate, int PercentComplete, DateTime? LastProgressAtUtc, DateTime? ClosedAtUtc);

    private sealed record LastEntry(int UnitId, DateTime Last);

    /// <summary>When a list's units were first expected to report: see <see cref="ScoreboardRules.IsSilent"/>.</summary>
    private sealed record ListStart(DateTime LoadedAtUtc, DateOnly? IssueDate);

    private sealed record DayCount(DateOnly Day, int Count);

    /// <summary>
    /// The dashboard's queries, compiled once: EF then skips hashing and looking up each query's expression tree on
    /// every request, which cost more than SQLite took to run them (bench/README.md).
    /// </summary>
    private static class Compiled
    {
        public static readonly Func<BizEnvDbContext, Task<long?>> Version =
            EF.CompileAsyncQuery((BizEnvDbContext db) => db.AuditEntries.Max(a => (long?)a.Id));

        public static readonly Func<BizEnvDbContext, int, IAsyncEnumerable<IndicatorRow>> Indicators =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId) => db.Indicators.AsNoTracking()
                .Where(i => i.ListId == listId)
                .OrderBy(i => i.Number)
                .Select(i => new IndicatorRow(i.Id, i.Number, i.Name, i.LeaderId, i.Leader == null ? null : i.Leader.Name, new List<UnitRoleRow>())));

        public static readonly Func<BizEnvDbContext, int, Task<ListStart?>> Start =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId) => db.Lists.AsNoTracking()
                .Where(l => l.Id == listId).Select(l => new ListStart(l.CreatedAtUtc, l.IssueDate)).FirstOrDefault());

        public static readonly Func<BizEnvDbContext, int, IAsyncEnumerable<RoleRow>> Roles =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId) => db.IndicatorUnits.AsNoTracking()
                .Where(iu => iu.Indicator.ListId == listId)
                .Select(iu => new RoleRow(iu.IndicatorId, iu.UnitId, iu.Unit.Name, iu.Role, iu.SortOrder)));

        public static readonly Func<BizEnvDbContext, int, IAsyncEnumerable<ProblemRow>> Problems =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId) => db.Problems.AsNoTracking()
                .Where(p => p.Indicator.ListId == listId)
                .Select(p => new ProblemRow(
                    p.Id, p.IndicatorId, p.Indicator.Number, p.Indicator.Name, p.Ordinal, p.Text,
                    p.ResponsibleUnitId, p.ResponsibleUnit == null ? null : p.ResponsibleUnit.Name,
                    p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, p.ClosedAtUtc)));

        public static readonly Func<BizEnvDbContext, int, IAsyncEnumerable<LastEntry>> LastEntryPerUnit =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId) => db.ProgressEntries.AsNoTracking()
                .Where(e => e.Indicator.ListId == listId && e.UnitId != null)
                .GroupBy(e => e.UnitId!.Value)
                .Select(g => new LastEntry(g.Key, g.Max(e => e.CreatedAtUtc))));

        public static readonly Func<BizEnvDbContext, int, DateOnly, DateOnly, int?, int?, IAsyncEnumerable<DayCount>> EntriesPerDay =
            EF.CompileAsyncQuery((BizEnvDbContext db, int listId, DateOnly from, DateOnly to, int? leaderId, int? unitId) => db.ProgressEntries.AsNoTracking()
                .Where(e => e.Indicator.ListId == listId && e.Date >= from && e.Date <= to)
                .Where(e => leaderId == null || e.Indicator.LeaderId == leaderId)
                .Where(e => unitId == null || e.UnitId == unitId)
                .GroupBy(e => e.Date)
                .Select(g => new DayCount(g.Key, g.Count())));
    }

    private sealed record IndicatorRow(int Id, int Number, string Name, int? LeaderId, string? LeaderName, List<UnitRoleRow> Units);

    private sealed record ProblemFact(
        int Id, int IndicatorId, int IndicatorNumber, string IndicatorName, int Ordinal, string Text, NamedLink? Unit,
        ProblemStatus Status, DateOnly? DueDate, int PercentComplete, DateTime? ClosedAtUtc, TrafficLight Light);

    /// <summary>
    /// The indicators, then their units' roles: two flat queries on indexed keys. (One query with the roles as a nested
    /// collection makes SQLite sort the join of every list's roles: eight times slower at city scale.)
    /// </summary>
    private async Task<List<IndicatorRow>> LoadIndicatorsAsync(int listId, CancellationToken ct)
    {
        var indicators = await Compiled.Indicators(db, listId).ToListAsync(ct);
        var roles = await Compiled.Roles(db, listId).ToListAsync(ct);
        var byId = indicators.ToDictionary(i => i.Id);
        foreach (var role in roles.OrderBy(r => r.Role).ThenBy(r => r.SortOrder))
        {
            byId[role.IndicatorId].Units.Add(new UnitRoleRow(role.UnitId, role.Name, role.Role, role.SortOrder));
        }

        return indicators;
    }

    private async Task<List<ProblemFact>> LoadProblemsAsync(int listId, ListStart start, DateTime now, TrafficLightOptions options, CancellationToken ct)
    {
        var rows = await Compiled.Problems(db, listId).ToListAsync(ct);
        return [.. rows.Select(p => new ProblemFact(
            p.Id, p.IndicatorId, p.IndicatorNumber, p.IndicatorName, p.Ordinal, p.Text,
            p.ResponsibleUnitId is { } unitId ? new NamedLink(unitId, p.UnitName!) : null,
            p.Status, p.DueDate, p.PercentComplete, p.ClosedAtUtc,
            TrafficLightRules.Compute(new LightInput(p.Status, p.DueDate, p.StartDate, p.PercentComplete, p.LastProgressAtUtc, start.LoadedAtUtc), now, options)))];
    }

    /// <summary>Closures (from the problems already loaded) and progress entries (counted per day by the database) per week.</summary>
    /// <remarks><paramref name="problems"/> are those of the leader filter; the unit filter is applied here.</remarks>
    private async Task<List<WeekPoint>> LoadTrendAsync(int listId, DashboardFilter filter, DateOnly today, IEnumerable<ProblemFact> problems, CancellationToken ct)
    {
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstMonday = thisMonday.AddDays(-7 * (TrendWeeks - 1));
        var perDay = await Compiled.EntriesPerDay(db, listId, firstMonday, today, filter.LeaderId, filter.UnitId).ToListAsync(ct);
        var closures = problems
            .Where(p => p.ClosedAtUtc is not null && (filter.UnitId is null || p.Unit?.Id == filter.UnitId))
            .Select(p => DateOnly.FromDateTime(ChinaTime.From(p.ClosedAtUtc!.Value)))
            .ToList();
        return [.. Enumerable.Range(0, TrendWeeks).Select(w =>
        {
            var monday = firstMonday.AddDays(7 * w);
            var sunday = monday.AddDays(6);
            return new WeekPoint(
                monday,
                closures.Count(d => d >= monday && d <= sunday),
                perDay.Where(d => d.Day >= monday && d.Day <= sunday).Sum(d => d.Count));
        })];
    }

    private static bool Matches(ProblemFact p, DashboardFilter filter, int? leaderId) =>
        (filter.LeaderId is null || leaderId == filter.LeaderId)
        && (filter.UnitId is null || p.Unit?.Id == filter.UnitId)
        && (filter.Status is null || p.Status == filter.Status)
        && (filter.Light is null || p.Light == filter.Light);

    /// <summary>Without a filter every indicator shows, even one with no problems; a filter keeps those it concerns.</summary>
    private static bool Shows(IndicatorRow i, DashboardFilter filter, List<ProblemFact> shown)
    {
        if (filter.LeaderId is { } leaderId && i.LeaderId != leaderId)
        {
            return false;
        }

        var hasShownProblem = shown.Exists(p => p.IndicatorId == i.Id);
        if (filter.NarrowsProblems)
        {
            return hasShownProblem;
        }

        return filter.UnitId is not { } unitId || hasShownProblem || i.Units.Exists(u => u.UnitId == unitId);
    }

    private static IndicatorStanding Standing(IndicatorRow i, List<ProblemFact> own, DashboardViewer viewer)
    {
        var open = own.Where(p => p.Status != ProblemStatus.Closed).ToList();
        TrafficLight? light = own.Count == 0 ? null : open.Count == 0 ? TrafficLight.Closed : open.Max(p => p.Light);
        var isMine = (viewer.LeaderId is { } leaderId && i.LeaderId == leaderId)
            || (viewer.UnitId is { } unitId && i.Units.Exists(u => u.UnitId == unitId));
        return new IndicatorStanding(
            i.Id, i.Number, i.Name,
            i.LeaderId is { } id ? new NamedLink(id, i.LeaderName!) : null,
            [.. i.Units.Where(u => u.Role == UnitRole.Lead).Select(u => new NamedLink(u.UnitId, u.Name))],
            own.Count, own.Count - open.Count,
            own.Count == 0 ? 0 : (int)Math.Round(own.Average(p => p.Status == ProblemStatus.Closed ? 100 : p.PercentComplete)),
            own.Count(p => p.Light == TrafficLight.Red), light, isMine);
    }

    /// <summary>
    /// Per unit answering for problems: the 红黑榜, by <see cref="ScoreboardRules"/> (按期销号率, 红榜/黑榜, 名次). Units
    /// are ranked among all those the leader, status and light filters keep, so a unit filter shows the unit's place in
    /// the county rather than "1 of 1".
    /// </summary>
    private static List<UnitScoreboardRow> BuildUnitScoreboard(
        List<ProblemFact> problems, Dictionary<int, int?> leaderOf, DashboardFilter filter, DashboardViewer viewer, Dictionary<int, DateTime> lastEntries,
        DateOnly today, int staleDays, ListStart start, List<IndicatorRow> indicators)
    {
        var ranked = filter with { UnitId = null };
        var rows = problems.Where(p => p.Unit is not null && Matches(p, ranked, leaderOf[p.IndicatorId])).GroupBy(p => p.Unit!.Id)
            .Select(g => Row(g.Key, g.First().Unit!.Name, [.. g]))
            .ToList();

        // A unit's own row is always there for it, even when it answers for nothing in this list.
        if (viewer.UnitId is { } mine && !rows.Exists(r => r.Id == mine)
            && indicators.SelectMany(i => i.Units).FirstOrDefault(u => u.UnitId == mine) is { } role)
        {
            rows.Add(Row(mine, role.Name, []));
        }

        // A unit answering for nothing here (the viewer's own row) takes no place: it must not move the others.
        var answering = rows.Where(r => r.Problems > 0).ToList();
        var ranks = ScoreboardRules.Ranks([.. answering.Select(r => r.Figures)]);
        return [.. answering.Select((r, i) => r with { Rank = ranks[i] }).Concat(rows.Where(r => r.Problems == 0))
            .Where(r => filter.UnitId is null || r.Id == filter.UnitId)
            .OrderByDescending(r => r.IsMine).ThenBy(r => r.Rank).ThenBy(r => r.Name, StringComparer.Ordinal)];

        UnitScoreboardRow Row(int unitId, string name, List<ProblemFact> own)
        {
            var days = ScoreboardRules.DaysSince(lastEntries.TryGetValue(unitId, out var last) ? last : null, today);
            var figures = ScoreboardRules.Figures(
                [.. own.Select(p => new ClosureOutcome(p.Status, p.DueDate, p.ClosedAtUtc))], days, start.LoadedAtUtc, start.IssueDate, today, staleDays);
            return new UnitScoreboardRow(unitId, name, own.Count, figures.Closed, figures.Overdue, figures.OnTimePercent, days, figures.IsStale, unitId == viewer.UnitId);
        }
    }

    private static ProblemAlert Alert(ProblemFact p, DateOnly today, UrgeOptions urgeLevels) =>
        new(p.Id, p.IndicatorNumber, p.IndicatorName, p.Ordinal, p.Text, p.Unit, p.DueDate!.Value,
            p.DueDate.Value.DayNumber - today.DayNumber, p.PercentComplete, p.Status, UrgeLevels.For(today.DayNumber - p.DueDate.Value.DayNumber, urgeLevels));
}
