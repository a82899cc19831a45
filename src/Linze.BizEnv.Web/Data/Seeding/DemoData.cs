using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data.Auditing;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Benchmarking;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>What <see cref="DemoData"/> wrote.</summary>
public sealed record DemoDataSummary(
    int Lists, int Indicators, int Problems, int ProgressEntries, int Units, int Leaders, int Users, string Password, int Metrics = 0, int Readings = 0);

/// <summary>
/// Fills a database with a synthetic city-scale workload (张掖市's six counties, several years), for trying the portal
/// out and for the load benchmark. Everything it writes is marked as demo: list titles start with <see cref="Marker"/>,
/// unit and leader names end with （演示）, user names start with <c>demo-</c>. It is deterministic for a given scale
/// and clock, works through EF Core on any provider, and writes one audit line instead of one per row.
/// </summary>
public sealed class DemoData(
    BizEnvDbContext db, AuditInterceptor audit, IPasswordHasher<AppUser> hasher, ILookupNormalizer normalizer, TimeProvider time)
{
    public const string Marker = "【演示数据】";

    private static readonly string[] Counties = ["甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县"];

    private static readonly string[] Departments =
        ["发改局", "市场监管局", "住建局", "自然资源局", "税务局", "人社局", "财政局", "司法局", "政务服务中心", "供电公司"];

    private static readonly string[] IndicatorNames =
    [
        "开办企业", "办理建筑许可", "获得电力", "获得用水用气", "登记财产", "纳税", "跨境贸易", "办理破产", "获得信贷",
        "保护中小投资者", "执行合同", "劳动力市场监管", "政府采购", "招标投标", "政务服务", "知识产权创造、保护和运用", "市场监管", "包容普惠创新",
    ];

    private static readonly string[] ProblemStems =
    [
        "办理环节多、材料多，线上办理比例不高", "审批时限长于全省最佳水平", "部门间数据共享不充分，群众重复提交材料",
        "窗口人员业务不熟，一次性告知不到位", "收费项目公示不全面", "事中事后监管衔接不紧密", "政策宣传解读不够，企业知晓率低",
        "信用信息归集不完整", "办理结果互认不充分", "投诉处理反馈不及时",
    ];

    public async Task<DemoDataSummary> GenerateAsync(int scale, string password, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (scale is < 1 or > 1000)
        {
            throw new InvalidOperationException("--scale 须在 1 到 1000 之间。");
        }

        if (await db.Lists.AnyAsync(l => l.Title.StartsWith(Marker), ct) || await db.Units.AnyAsync(u => u.Name.EndsWith("（演示）"), ct)
            || await db.Users.AnyAsync(u => u.UserName!.StartsWith("demo-"), ct))
        {
            throw new InvalidOperationException("数据库中已有演示数据，未重复生成。请换一个空数据库。");
        }

        // All or nothing: a run that is stopped (killed, cancelled, a failure) leaves no demo data behind, so it can simply be run again.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var random = new Random(20220624 + scale);
        var now = time.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(time);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var summary = new DemoDataSummary(0, 0, 0, 0, 0, 0, 0, password);
        using (audit.Pause())
        {
            var units = Counties.SelectMany(c => Departments.Select(d => new Unit { Name = $"{c}{d}（演示）" })).ToList();
            var leaders = Counties.SelectMany(c => Enumerable.Range(1, 5).Select(i => new Leader { Name = $"{c}副县长{i}（演示）" })).ToList();
            db.Units.AddRange(units);
            db.Leaders.AddRange(leaders);
            await db.SaveChangesAsync(ct);
            var users = await AddUsersAsync(units, leaders, password, ct);
            summary = summary with { Units = units.Count, Leaders = leaders.Count, Users = users };

            for (var n = 0; n < scale; n++)
            {
                var county = n % Counties.Length;
                var round = n / Counties.Length;
                var year = today.Year - (round % 8);
                var batch = round / 8;
                var issued = new DateOnly(year, 3, 1).AddDays(random.Next(0, 90));
                if (issued > today)
                {
                    issued = today.AddDays(-random.Next(30, 90));
                }

                var list = new ResponsibilityList
                {
                    Title = $"{Marker}{Counties[county]}{year}年优化营商环境对标提升责任清单{(batch == 0 ? "" : $"（第{batch + 1}批）")}",
                    IssuingOffice = $"{Counties[county]}人民政府办公室（演示）",
                    IssueDate = issued,
                    Year = year,
                    IsArchived = round > 0,
                };
                var countyUnits = units.GetRange(county * Departments.Length, Departments.Length);
                var countyLeaders = leaders.GetRange(county * 5, 5);
                var entries = FillList(list, countyUnits, countyLeaders, issued, today, now, random);
                db.Lists.Add(list);
                db.ProgressEntries.AddRange(entries);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                summary = summary with
                {
                    Lists = summary.Lists + 1,
                    Indicators = summary.Indicators + list.Indicators.Count,
                    Problems = summary.Problems + list.Indicators.Sum(i => i.Problems.Count),
                    ProgressEntries = summary.ProgressEntries + entries.Count,
                    Metrics = summary.Metrics + list.Indicators.Sum(i => i.Metrics.Count),
                    Readings = summary.Readings + list.Indicators.Sum(i => i.Metrics.Sum(m => m.Readings.Count)),
                };
                if ((n + 1) % 10 == 0 || n + 1 == scale)
                {
                    progress?.Report($"已生成 {n + 1}/{scale} 份清单：{summary.Problems} 个问题，{summary.ProgressEntries} 条进展");
                }
            }
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var line = Actor.System.Did(AuditAction.Created, now);
        line.EntityType = "DemoData";
        line.EntityKey = $"scale={scale}";
        line.Changes = $"{{\"Lists\":{summary.Lists},\"Problems\":{summary.Problems},\"ProgressEntries\":{summary.ProgressEntries},\"Users\":{summary.Users}}}";
        db.AuditEntries.Add(line);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return summary;
    }

    /// <summary>18 indicators of about 8 problems each, in states that fit the list's age, with their progress entries.</summary>
    private static List<ProgressEntry> FillList(
        ResponsibilityList list, List<Unit> units, List<Leader> leaders, DateOnly issued, DateOnly today, DateTime now, Random random)
    {
        var entries = new List<ProgressEntry>();
        var start = ChinaTime.ToUtc(issued.ToDateTime(new TimeOnly(9, 0)));
        for (var number = 1; number <= IndicatorNames.Length; number++)
        {
            var indicator = new Indicator
            {
                Number = number,
                Name = IndicatorNames[number - 1],
                ProvinceBest = $"全省最佳表现（演示）：{IndicatorNames[number - 1]}办理环节、时间、成本达到全省前列。",
                LeaderId = leaders[number % leaders.Count].Id,
            };
            var lead = units[number % units.Count];
            indicator.Units.Add(new IndicatorUnit { UnitId = lead.Id, Role = UnitRole.Lead, SortOrder = 1 });
            indicator.Units.Add(new IndicatorUnit { UnitId = units[(number + 3) % units.Count].Id, Role = UnitRole.Deputy, SortOrder = 1 });
            indicator.Units.Add(new IndicatorUnit { UnitId = units[(number + 6) % units.Count].Id, Role = UnitRole.Member, SortOrder = 1 });
            var problems = random.Next(5, 12);
            for (var ordinal = 1; ordinal <= problems; ordinal++)
            {
                var unitId = random.Next(4) == 0 ? units[(number + 3) % units.Count].Id : lead.Id;
                var problem = Problem.Create(ordinal, $"{ProblemStems[random.Next(ProblemStems.Length)]}（演示问题 {number}-{ordinal}）", indicator.Units[0], issued);
                problem.Indicator = indicator;
                var due = issued.AddDays(random.Next(120, 540));
                problem.SetSchedule(due, issued, unitId);
                entries.AddRange(Work(indicator, problem, unitId, start, due, today, now, random));
                indicator.Problems.Add(problem);
            }

            // Like the 2022 document, 跨境贸易 (7) and 保护中小投资者 (10) state no figures.
            if (number is not (7 or 10))
            {
                indicator.Metrics.AddRange(Metrics(issued, today, list.IsArchived, now, random));
            }

            list.Indicators.Add(indicator);
        }

        return entries;
    }

    private static readonly (string Name, string Unit, MetricDirection Direction, int Low, int High)[] MetricKinds =
    [
        ("办理环节", "个", MetricDirection.LowerIsBetter, 1, 5), ("办理时间", "天", MetricDirection.LowerIsBetter, 1, 10),
        ("申请材料", "份", MetricDirection.LowerIsBetter, 1, 6), ("全程网办率", "%", MetricDirection.HigherIsBetter, 60, 100),
        ("企业满意度", "分", MetricDirection.HigherIsBetter, 80, 100), ("审批时限", "工作日", MetricDirection.LowerIsBetter, 1, 15),
    ];

    /// <summary>
    /// Three 对标指标项 with monthly 本县现值 from the list's issue (two years at most; every third month on an archived
    /// list) that close in on the province's best, now and then corrected.
    /// </summary>
    private static IEnumerable<BenchmarkMetric> Metrics(DateOnly issued, DateOnly today, bool archived, DateTime now, Random random)
    {
        var first = random.Next(MetricKinds.Length);
        for (var i = 0; i < 3; i++)
        {
            var (name, unit, direction, low, high) = MetricKinds[(first + i) % MetricKinds.Length];
            var best = (decimal)random.Next(low, high + 1);
            var metric = new BenchmarkMetric
            {
                Name = name, Unit = unit, Direction = direction, BestValue = best, SortOrder = i + 1, Words = $"{name}{best}{unit}（演示）",
            };
            var from = new DateOnly(issued.Year, issued.Month, 1);
            var months = Math.Min(24, ((today.Year - from.Year) * 12) + today.Month - from.Month + 1);
            var startFactor = direction == MetricDirection.LowerIsBetter ? 2m + (decimal)random.NextDouble() * 2 : 0.5m + (decimal)random.NextDouble() * 0.3m;
            var endFactor = direction == MetricDirection.LowerIsBetter ? 0.9m + (decimal)random.NextDouble() * 0.6m : 0.85m + (decimal)random.NextDouble() * 0.2m;
            for (var m = 0; m < months; m += archived ? 3 : 1)
            {
                var factor = startFactor + ((endFactor - startFactor) * m / Math.Max(1, months - 1));
                var value = decimal.Round(best * factor, direction == MetricDirection.HigherIsBetter && unit == "%" ? 2 : 1);
                var period = from.AddMonths(m);
                var at = ChinaTime.ToUtc(period.AddMonths(1).AddDays(-1).ToDateTime(new TimeOnly(16, 0)));
                metric.Readings.Add(Reading(period, value, at > now ? now : at));
                if (random.Next(12) == 0)
                {
                    metric.Readings.Add(Reading(period, decimal.Round(value * 0.98m, 1), (at > now ? now : at).AddHours(2))); // a correction
                }
            }

            yield return metric;
        }
    }

    private static MetricReading Reading(DateOnly period, decimal value, DateTime at) =>
        new() { Period = period, Value = value, Source = "演示数据月报", RecordedByName = "演示数据", RecordedAtUtc = at };

    /// <summary>
    /// Plays a problem forward: entries every week or two while it is worked on, then — more likely the older the
    /// list — submission and closure; some are 长期坚持, some never started, some left overdue.
    /// </summary>
    private static List<ProgressEntry> Work(Indicator indicator, Problem problem, int unitId, DateTime start, DateOnly due, DateOnly today, DateTime now, Random random)
    {
        var entries = new List<ProgressEntry>();
        var roll = random.NextDouble();
        var age = (now - start).TotalDays;
        if (roll < 0.06 && age < 400)
        {
            return entries;
        }

        var closeBy = age > 400 ? 0.9 : 0.35;
        var closes = roll < closeBy;
        var stopAt = closes
            ? start.AddDays(Math.Min(age - 1, random.Next(30, Math.Max(31, due.DayNumber - DateOnly.FromDateTime(ChinaTime.From(start)).DayNumber + 40))))
            : now.AddDays(-random.Next(0, roll > 0.9 ? 60 : 14));
        var at = start.AddDays(random.Next(1, 10)).AddHours(random.Next(0, 8));
        var percent = 0;
        while (at < stopAt)
        {
            percent = Math.Min(95, percent + random.Next(1, 10));
            problem.RecordProgress(percent, "演示单位", at);
            entries.Add(new ProgressEntry
            {
                Indicator = indicator,
                Problem = problem,
                UnitId = unitId,
                AuthorId = "demo",
                AuthorName = "演示单位",
                Date = DateOnly.FromDateTime(ChinaTime.From(at)),
                Text = $"按计划推进整改，完成进度 {percent}%。（演示进展）",
                PercentComplete = percent,
                CreatedAtUtc = at,
            });
            at = at.AddDays(random.Next(7, 22)).AddHours(random.Next(-3, 4));
        }

        if (entries.Count == 0)
        {
            return entries;
        }

        if (closes)
        {
            problem.SubmitForClosure("（演示）整改已完成。", hasEvidence: true, "演示单位", stopAt);
            if (random.NextDouble() < 0.85 || age > 400)
            {
                problem.ApproveClosure(null, "演示县营商办", stopAt.AddDays(2) < now ? stopAt.AddDays(2) : now);
            }
        }
        else if (roll > 0.95)
        {
            problem.MarkOngoing("演示县营商办", stopAt);
        }

        return entries;
    }

    /// <summary>
    /// About 200 accounts sharing one password: two per unit, one per leader, viewers and administrators. The hash is
    /// computed once (PBKDF2 at 210,000 iterations takes a while) and the rows written directly.
    /// </summary>
    private async Task<int> AddUsersAsync(List<Unit> units, List<Leader> leaders, string password, CancellationToken ct)
    {
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var hash = hasher.HashPassword(new AppUser(), password);
        var created = time.GetUtcNow().UtcDateTime;
        var accounts = new List<(AppUser User, string Role)>();
        foreach (var (unit, i) in units.Select((u, i) => (u, i)))
        {
            accounts.Add((NewUser($"demo-unit-{i + 1:D3}", unit.Name, unit.Id, null), Roles.Unit));
            accounts.Add((NewUser($"demo-unit-{i + 1:D3}b", unit.Name + "联络员", unit.Id, null), Roles.Unit));
        }

        accounts.AddRange(leaders.Select((l, i) => (NewUser($"demo-leader-{i + 1:D3}", l.Name, null, l.Id), Roles.Leader)));
        accounts.AddRange(Enumerable.Range(1, 40).Select(i => (NewUser($"demo-viewer-{i:D3}", $"演示查看用户{i}", null, null), Roles.Viewer)));
        accounts.AddRange(Enumerable.Range(1, 10).Select(i => (NewUser($"demo-admin-{i:D3}", $"演示管理员{i}", null, null), Roles.Admin)));
        db.Users.AddRange(accounts.Select(a => a.User));
        db.UserRoles.AddRange(accounts.Select(a => new IdentityUserRole<string> { UserId = a.User.Id, RoleId = roles[a.Role] }));
        await db.SaveChangesAsync(ct);
        return accounts.Count;

        AppUser NewUser(string name, string displayName, int? unitId, int? leaderId) => new()
        {
            UserName = name,
            NormalizedUserName = normalizer.NormalizeName(name),
            DisplayName = displayName,
            UnitId = unitId,
            LeaderId = leaderId,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            CreatedAtUtc = created,
        };
    }
}
