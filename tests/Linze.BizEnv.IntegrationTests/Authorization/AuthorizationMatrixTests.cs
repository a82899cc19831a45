using System.Net;
using System.Reflection;
using System.Text;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Authorization;

/// <summary>
/// Who may call each POST endpoint. Every POST action in the portal, found by reflection, must have a row here,
/// so a new endpoint without an authorization test fails the build. Each row is then tried by users who must be
/// refused: they get 403 (or, anonymous, the login page) and the database is unchanged.
/// </summary>
public partial class AuthorizationMatrixTests(BizEnvFactory portal) : IClassFixture<BizEnvFactory>
{
    public enum Access
    {
        /// <summary>Open to anyone: the login form.</summary>
        Anonymous,

        /// <summary>Any signed-in user, acting on their own account only.</summary>
        OwnAccount,

        /// <summary>The county office only.</summary>
        Admin,

        /// <summary>Units holding any role on the indicator (and admins): recording progress.</summary>
        UnitOnIndicator,

        /// <summary>The problem's responsible unit only: 申请销号, 申请延期.</summary>
        ResponsibleUnit,

        /// <summary>The responsible unit and admins: the measures.</summary>
        ResponsibleUnitOrAdmin,

        /// <summary>Leaders and admins: 批示.</summary>
        LeaderOrAdmin,

        /// <summary>The entry's author, within 24 hours.</summary>
        Author,

        /// <summary>The leader of the problem's indicator (and admins): 催办.</summary>
        LeaderOfIndicatorOrAdmin,

        /// <summary>The indicator's lead unit (组长单位) and admins: 本县现值.</summary>
        LeadUnitOrAdmin,
    }

    /// <summary>A POST endpoint: who may call it, and how to make a request that succeeds for them.</summary>
    private sealed record Row(
        Access Access,
        Func<AuthorizationMatrixTests, Task<(string Url, Dictionary<string, string> Form)>> Prepare,
        Func<(string Name, byte[] Content)>? File = null,
        bool ChangesData = true);

    private static Row Fixed(Access access, string url, Dictionary<string, string> form) => new(access, _ => Task.FromResult((url, form)));

    private static Row OnUser(Access access, string action, Dictionary<string, string> form) =>
        new(access, async t => ($"/admin/users/{await t.TargetUserIdAsync()}/{action}", form));

    private static Row OnProblem(Access access, string action, Dictionary<string, string> form, Func<BizEnvFactory, int, Task>? arrange = null) =>
        new(access, async t =>
        {
            var id = await t.Portal.NewProblemAsync();
            if (arrange is not null)
            {
                await arrange(t.Portal, id);
            }

            var version = (await t.Portal.ProblemAsync(id)).Version.ToString();
            return ($"/problems/{id}/{action}", new Dictionary<string, string>(form) { ["Version"] = version });
        });

    private static Row OnEntry(string action, Dictionary<string, string> form) =>
        new(Access.Author, async t => ($"/entries/{await t.AuthorsEntryAsync()}/{action}", form));

    private static readonly Dictionary<string, string> Nothing = [];

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["AccountController.Login"] = Fixed(Access.Anonymous, "/account/login", new() { ["UserName"] = "x", ["Password"] = "y" }),
        ["AccountController.Logout"] = Fixed(Access.OwnAccount, "/account/logout", Nothing),
        ["AccountController.ChangePassword"] = Fixed(Access.OwnAccount, "/account/password",
            new() { ["CurrentPassword"] = BizEnvFactory.UserPassword, ["NewPassword"] = "Matrix-Pass-9!", ["ConfirmPassword"] = "Matrix-Pass-9!" }),
        ["MessagesController.ReadAll"] = Fixed(Access.OwnAccount, "/messages/read-all", Nothing),
        ["MessagesController.Settings"] = Fixed(Access.OwnAccount, "/messages/settings", new() { ["Email"] = "matrix@linze.example", ["Kinds"] = "Returned" }),
        ["SendLogController.Test"] = Fixed(Access.Admin, "/admin/notifications/test", new() { ["channel"] = "WeCom" }),
        ["SendLogController.Robots"] = Fixed(Access.Admin, "/admin/notifications/robots/1", new() { ["WeComWebhook"] = "https://qyapi.example/cgi-bin/webhook/send?key=matrix" }),
        ["UsersController.Create"] = new(Access.Admin, _ => Task.FromResult(("/admin/users/new", new Dictionary<string, string> { ["UserName"] = "m-" + Guid.NewGuid().ToString("N")[..8], ["Role"] = Roles.Viewer }))),
        ["UsersController.Edit"] = OnUser(Access.Admin, "edit", new() { ["Role"] = Roles.Leader }),
        ["UsersController.Disable"] = OnUser(Access.Admin, "disable", Nothing),
        ["UsersController.Enable"] = new(Access.Admin, async t =>
        {
            var id = await t.TargetUserIdAsync();
            await t.Portal.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == id)).IsDisabled = true; return await db.SaveChangesAsync(); });
            return ($"/admin/users/{id}/enable", Nothing);
        }),
        ["UsersController.ResetPassword"] = OnUser(Access.Admin, "reset-password", Nothing),
        ["UsersController.Unlock"] = new(Access.Admin, async t =>
        {
            var id = await t.TargetUserIdAsync();
            await t.Portal.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == id)).LockoutEnd = DateTimeOffset.UtcNow.AddYears(1); return await db.SaveChangesAsync(); });
            return ($"/admin/users/{id}/unlock", Nothing);
        }),
        ["UsersController.CreateForUnits"] = new(Access.Admin, async t =>
        {
            await t.Portal.WithDbAsync(async db => { db.Units.Add(new Linze.BizEnv.Web.Domain.Unit { Name = "矩阵测试单位" + Guid.NewGuid().ToString("N")[..6] }); return await db.SaveChangesAsync(); });
            return ("/admin/users/create-for-units", Nothing);
        }),
        ["ProblemsController.AddEntry"] = OnProblem(Access.UnitOnIndicator, "entries", new() { ["Text"] = "矩阵测试进展", ["PercentComplete"] = "10" }),
        ["ProblemsController.Submit"] = OnProblem(Access.ResponsibleUnit, "submit", new() { ["note"] = "矩阵测试：整改已完成" }, (p, id) => p.ProgressWithEvidenceAsync(id)),
        ["ProblemsController.RequestExtension"] = OnProblem(Access.ResponsibleUnit, "extension", new() { ["newDueDate"] = "2099-12-31", ["reason"] = "矩阵测试" }),
        ["ProblemsController.EditMeasures"] = OnProblem(Access.ResponsibleUnitOrAdmin, "measures", new() { ["Measures"] = "矩阵测试措施" }),
        ["ProblemsController.Approve"] = OnProblem(Access.Admin, "approve", Nothing, (p, id) => p.SubmittedAsync(id)),
        ["ProblemsController.Return"] = OnProblem(Access.Admin, "return", new() { ["reason"] = "材料不全" }, (p, id) => p.SubmittedAsync(id)),
        ["ProblemsController.MarkOngoing"] = OnProblem(Access.Admin, "ongoing", Nothing),
        ["ProblemsController.SetSchedule"] = OnProblem(Access.Admin, "schedule", new() { ["DueDate"] = "2099-06-30", ["StartDate"] = "2022-06-24" }),
        ["ProblemsController.DecideExtension"] = new(Access.Admin, async t =>
        {
            var id = await t.Portal.NewProblemAsync();
            var request = await t.Portal.PendingExtensionAsync(id);
            return ($"/problems/{id}/extension/{request}", new Dictionary<string, string> { ["approve"] = "true" });
        }),
        ["DeadlinesController.Apply"] = new(Access.Admin, async t =>
        {
            var id = await t.Portal.NewProblemAsync();
            var version = await t.Portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());
            return ("/admin/deadlines", new Dictionary<string, string>
            {
                ["DueDate"] = "2099-06-30", ["Problems[0].Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Problems[0].Version"] = version.ToString(), ["Problems[0].Selected"] = "true",
            });
        }),
        ["ProblemsController.Instruct"] = OnProblem(Access.LeaderOrAdmin, "instructions", new() { ["text"] = "请加快进度" }),
        ["ProblemsController.Urge"] = OnProblem(Access.LeaderOfIndicatorOrAdmin, "urge", new() { ["text"] = "矩阵测试催办" }),
        ["UnitsController.Urge"] = new(Access.LeaderOfIndicatorOrAdmin, async t =>
        {
            // A fresh problem of indicator 1, so that its unit has something not yet urged today for each caller.
            var id = await t.Portal.NewProblemAsync();
            var unit = await t.Portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.ResponsibleUnitId!.Value).SingleAsync());
            return ($"/units/{unit}/urge", new Dictionary<string, string> { ["text"] = "矩阵测试催办单位" });
        }),
        ["ProblemsController.IssueNotice"] = new(Access.Admin, async t =>
        {
            var id = await t.Portal.NewProblemAsync();
            var reply = Linze.BizEnv.Web.Domain.ChinaTime.FormatDate(Linze.BizEnv.Web.Domain.ChinaTime.Today(t.Portal.Clock).AddDays(7));
            return ($"/problems/{id}/notice", new Dictionary<string, string> { ["replyBy"] = reply, ["submissionKey"] = Guid.NewGuid().ToString() });
        }),
        ["UnitsController.IssueNotice"] = new(Access.Admin, async t =>
        {
            // A fresh overdue problem of indicator 1, so that its unit has something to be pressed on.
            var id = await t.Portal.OverdueProblemAsync(10);
            var unit = await t.Portal.WithDbAsync(db => db.Problems.Where(p => p.Id == id).Select(p => p.ResponsibleUnitId!.Value).SingleAsync());
            var reply = Linze.BizEnv.Web.Domain.ChinaTime.FormatDate(Linze.BizEnv.Web.Domain.ChinaTime.Today(t.Portal.Clock).AddDays(7));
            return ($"/units/{unit}/notice", new Dictionary<string, string> { ["replyBy"] = reply, ["submissionKey"] = Guid.NewGuid().ToString() });
        }),
        ["DocumentsController.Upload"] = new(Access.Admin, _ => Task.FromResult(("/documents/templates/Monthly", Nothing)),
            () => ("通报模板.docx", Linze.BizEnv.Web.Documents.DocumentTemplates.Default(Linze.BizEnv.Web.Documents.TemplateKind.Monthly))),
        ["DocumentsController.Reset"] = new(Access.Admin, async t =>
        {
            // A stored template, so that each reset removes one.
            await t.Portal.WithDbAsync(async db =>
            {
                if (!await db.StoredTemplates.AnyAsync(x => x.Kind == Linze.BizEnv.Web.Documents.TemplateKind.LeaderBrief))
                {
                    db.StoredTemplates.Add(new Linze.BizEnv.Web.Documents.StoredTemplate
                    {
                        Kind = Linze.BizEnv.Web.Documents.TemplateKind.LeaderBrief, FileName = "简报.docx", UploadedByName = "矩阵测试",
                        Content = Linze.BizEnv.Web.Documents.DocumentTemplates.Default(Linze.BizEnv.Web.Documents.TemplateKind.LeaderBrief),
                    });
                }

                return await db.SaveChangesAsync();
            });
            return ("/documents/templates/LeaderBrief/reset", Nothing);
        }),
        ["IndicatorsController.AddEntry"] = new(Access.UnitOnIndicator, async t => ($"/indicators/{await t.IndicatorIdAsync(10)}/entries", new Dictionary<string, string> { ["Text"] = "矩阵测试对标举措" })),
        ["IndicatorsController.Instruct"] = new(Access.LeaderOrAdmin, async t => ($"/indicators/{await t.IndicatorIdAsync(10)}/instructions", new Dictionary<string, string> { ["text"] = "请报送对标举措" })),
        ["IndicatorsController.RecordReading"] = new(Access.LeadUnitOrAdmin, async t =>
        {
            var (indicator, metric) = await t.Portal.WithDbAsync(db => db.BenchmarkMetrics.Where(m => m.Indicator.Number == 1 && m.Name == "办理时间")
                .Select(m => new ValueTuple<int, int>(m.IndicatorId, m.Id)).FirstAsync());
            return ($"/indicators/{indicator}/readings", new Dictionary<string, string>
            {
                ["MetricId"] = metric.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Period"] = "2026-01", ["Value"] = "0.8", ["Source"] = "矩阵测试",
            });
        }),
        ["IndicatorsController.AddMetric"] = new(Access.Admin, async t => ($"/indicators/{await t.IndicatorIdAsync(5)}/metrics", new Dictionary<string, string>
        {
            ["Name"] = "矩阵测试指标项", ["Words"] = "0.5天", ["Value"] = "0.5", ["Unit"] = "天", ["Direction"] = "LowerIsBetter",
        })),
        ["IndicatorsController.CorrectMetric"] = new(Access.Admin, async t =>
        {
            var (indicator, metric, version) = await t.NewMetricAsync();
            return ($"/indicators/{indicator}/metrics/{metric}", new Dictionary<string, string>
            {
                ["MetricId"] = metric.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Version"] = version.ToString(),
                ["Name"] = "矩阵测试改名", ["Words"] = "4个环节", ["Value"] = "3", ["Unit"] = "个", ["Direction"] = "LowerIsBetter",
            });
        }),
        ["IndicatorsController.RemoveMetric"] = new(Access.Admin, async t =>
        {
            var (indicator, metric, version) = await t.NewMetricAsync();
            return ($"/indicators/{indicator}/metrics/{metric}/delete", new Dictionary<string, string> { ["version"] = version.ToString() });
        }),
        ["EntriesController.Edit"] = OnEntry("edit", new() { ["Text"] = "改过的进展", ["Date"] = "2026-01-01" }),
        ["EntriesController.Delete"] = OnEntry("delete", Nothing),
        ["UnitsController.Merge"] = new(Access.Admin, async t =>
        {
            var (keep, merge) = await t.Portal.WithDbAsync(async db =>
            {
                var a = db.Units.Add(new Linze.BizEnv.Web.Domain.Unit { Name = "保留单位" + Guid.NewGuid().ToString("N")[..6] }).Entity;
                var b = db.Units.Add(new Linze.BizEnv.Web.Domain.Unit { Name = "合并单位" + Guid.NewGuid().ToString("N")[..6] }).Entity;
                await db.SaveChangesAsync();
                return (a.Id, b.Id);
            });
            return ("/units/merge", new Dictionary<string, string> { ["keepId"] = keep.ToString(System.Globalization.CultureInfo.InvariantCulture), ["mergeId"] = merge.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }),
        ["ImportsController.Preview"] = new(Access.Admin, _ => Task.FromResult(("/admin/import", Nothing)), () => ("清单.xlsx", RenamedSeed()), ChangesData: false),
        ["ImportsController.Confirm"] = new(Access.Admin, t =>
        {
            var token = t.Portal.Services.GetRequiredService<ImportStaging>().Stage(RenamedSeed());
            return Task.FromResult(("/admin/import/confirm", new Dictionary<string, string> { ["token"] = token }));
        }),
        ["ReadingImportsController.Preview"] = new(Access.Admin, _ => Task.FromResult(("/admin/import-readings", Nothing)),
            () => ("本县现值.xlsx", Features.Benchmarks.ReadingImportTests.Sheet(["1. 开办企业", "办理环节", "2026-01", 3, "矩阵测试"])), ChangesData: false),
        ["ReadingImportsController.Confirm"] = new(Access.Admin, t =>
        {
            // A value no other run has written, so that each confirmation writes a reading.
            var value = Random.Shared.Next(10, 100000);
            var token = t.Portal.Services.GetRequiredService<ImportStaging>().Stage(Features.Benchmarks.ReadingImportTests.Sheet(["1. 开办企业", "办理环节", "2026-01", value, "矩阵测试"]));
            return Task.FromResult(("/admin/import-readings/confirm", new Dictionary<string, string> { ["token"] = token }));
        }),
        ["LedgerImportsController.Preview"] = new(Access.Admin, _ => Task.FromResult(("/admin/import-ledger", Nothing)), () => ("整改台账.xlsx", LedgerOfTheFirstProblem(null)), ChangesData: false),
        ["LedgerImportsController.Confirm"] = new(Access.Admin, async t =>
        {
            var token = t.Portal.Services.GetRequiredService<ImportStaging>().Stage(await t.LedgerChangingTheFirstProblemAsync());
            return ("/admin/import-ledger/confirm", new Dictionary<string, string> { ["token"] = token });
        }),
    };

    /// <summary>
    /// A ledger of problem 1-1 as the portal holds it now, with new measures typed in: a workbook whose import changes
    /// something (a fresh change each time).
    /// </summary>
    private async Task<byte[]> LedgerChangingTheFirstProblemAsync()
    {
        var current = await portal.WithDbAsync(db => db.Problems.AsNoTracking().Where(p => p.Indicator.Number == 1 && p.Ordinal == 1)
            .Select(p => new { p.Measures, p.DueDate, p.IsLongTerm, Unit = p.ResponsibleUnit!.Name }).SingleAsync());
        return LedgerOfTheFirstProblem(current.Measures, current.DueDate, current.IsLongTerm, current.Unit, "矩阵测试措施" + Guid.NewGuid().ToString("N")[..8]);
    }

    /// <summary>The seed's problem 1-1 exported with these terms, then (if given) <paramref name="typedMeasures"/> typed over its measures.</summary>
    private static byte[] LedgerOfTheFirstProblem(string? measures, DateOnly? due = null, bool longTerm = false, string unit = "县市场监管局", string? typedMeasures = null)
    {
        var seed = Linze.BizEnv.Web.Data.Seeding.SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();
        var report = new Linze.BizEnv.Web.Excel.LedgerReport(seed.Title, null, new DateOnly(2026, 1, 1), null,
            [new(1, "开办企业", 1, seed.Indicators[0].Problems[0], measures, unit, null, due, null, null, null, null, false, null, null, longTerm)], []);
        using var stream = new MemoryStream();
        LedgerExporter.Write(report, stream);
        using var package = new OfficeOpenXml.ExcelPackage(stream);
        if (typedMeasures is not null)
        {
            package.Workbook.Worksheets[LedgerLayout.Sheet].Cells[4, LedgerLayout.Column(LedgerLayout.Measures)].Value = typedMeasures;
        }

        return package.GetAsByteArray();
    }

    /// <summary>The seed with indicator 6 under a new name: a workbook whose import changes something.</summary>
    private static byte[] RenamedSeed()
    {
        var seed = Linze.BizEnv.Web.Data.Seeding.SeedFile.ReadAsync(RepoPaths.SeedList).GetAwaiter().GetResult();
        var changed = seed with { Indicators = [.. seed.Indicators.Select(i => i.Number == 6 ? i with { Name = "纳税" + Guid.NewGuid().ToString("N")[..6] } : i)] };
        using var stream = new MemoryStream();
        OriginalListExporter.Write(changed, stream);
        return stream.ToArray();
    }

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

    public static TheoryData<string> GuardedRows()
    {
        var data = new TheoryData<string>();
        foreach (var name in Matrix.Where(r => r.Value.Access is not (Access.Anonymous or Access.OwnAccount)).Select(r => r.Key))
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> OwnAccountRows()
    {
        var data = new TheoryData<string>();
        foreach (var name in Matrix.Where(r => r.Value.Access == Access.OwnAccount).Select(r => r.Key))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PostEndpoints))]
    public void EveryPostEndpointHasARowInTheMatrix(string endpoint) =>
        Assert.True(Matrix.ContainsKey(endpoint), $"{endpoint} has no row in the authorization matrix: add one saying who may call it.");

    [Fact]
    public void TheMatrixNamesOnlyEndpointsThatExist() =>
        Assert.Empty(Matrix.Keys.Except(PostActionNames()));

    [Theory]
    [MemberData(nameof(GuardedRows))]
    public async Task EachEndpointRefusesEveryoneButTheRightUsersWhoSucceed(string endpoint)
    {
        var row = Matrix[endpoint];
        var (allowed, refused) = await UsersForAsync(row.Access);

        foreach (var (who, session) in refused)
        {
            var (url, form) = await row.Prepare(this);
            var before = await FingerprintAsync();
            using var response = await PostAsync(session, row, url, form);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{who} → {endpoint}: {(int)response.StatusCode}, expected 403");
            Assert.True(before == await FingerprintAsync(), $"{who} → {endpoint} was refused but changed the database");
        }

        var (anonymousUrl, anonymousForm) = await row.Prepare(this);
        await AssertAnonymousIsSentToLoginAsync(anonymousUrl, anonymousForm);

        var (allowedUrl, allowedForm) = await row.Prepare(this);
        var unchanged = await FingerprintAsync();
        using var allowedResponse = await PostAsync(allowed, row, allowedUrl, allowedForm);
        Assert.True((int)allowedResponse.StatusCode is >= 200 and < 400, $"{row.Access} → {endpoint}: {(int)allowedResponse.StatusCode}");
        Assert.False(allowedResponse.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) ?? false);
        Assert.True(!row.ChangesData || unchanged != await FingerprintAsync(), $"{row.Access} → {endpoint} answered {(int)allowedResponse.StatusCode} but changed nothing");
    }

    [Theory]
    [MemberData(nameof(OwnAccountRows))]
    public async Task OwnAccountEndpointsNeedASignInAndTouchOnlyTheCallersAccount(string endpoint)
    {
        var (url, form) = await Matrix[endpoint].Prepare(this);
        await AssertAnonymousIsSentToLoginAsync(url, form);

        var bystander = await portal.CreateUserAsync(Roles.Viewer);
        var bystanderBefore = await AccountStateAsync(bystander);
        var caller = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县法院"));
        using var response = await caller.PostFormAsync("/", url, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(bystanderBefore, await AccountStateAsync(bystander));
    }

    private string? _authorId;

    private BizEnvFactory Portal => portal;

    private async Task<(WebSession Allowed, Dictionary<string, WebSession> Refused)> UsersForAsync(Access access)
    {
        async Task<WebSession> As(string role, string? unit = null) => await portal.SignInAsync(await portal.CreateUserAsync(role, unit));
        const string responsible = "县市场监管局"; // lead on 开办企业 (1), deputy on 保护中小投资者 (10)
        const string deputyOnOne = "县公安局";
        const string unrelated = "临泽火车站"; // no role on indicators 1 or 10
        switch (access)
        {
            case Access.Admin:
                return (await As(Roles.Admin), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader"] = await As(Roles.Leader), ["responsible unit"] = await As(Roles.Unit, responsible), ["unrelated unit"] = await As(Roles.Unit, unrelated) });
            case Access.UnitOnIndicator:
                return (await As(Roles.Unit, responsible), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader"] = await As(Roles.Leader), ["unrelated unit"] = await As(Roles.Unit, unrelated) });
            case Access.ResponsibleUnit:
                return (await As(Roles.Unit, responsible), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader"] = await As(Roles.Leader), ["deputy unit"] = await As(Roles.Unit, deputyOnOne), ["unrelated unit"] = await As(Roles.Unit, unrelated), ["Admin"] = await As(Roles.Admin) });
            case Access.ResponsibleUnitOrAdmin:
                return (await As(Roles.Unit, responsible), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader"] = await As(Roles.Leader), ["deputy unit"] = await As(Roles.Unit, deputyOnOne), ["unrelated unit"] = await As(Roles.Unit, unrelated) });
            case Access.LeaderOrAdmin:
                return (await As(Roles.Leader), new() { ["Viewer"] = await As(Roles.Viewer), ["responsible unit"] = await As(Roles.Unit, responsible) });
            case Access.LeaderOfIndicatorOrAdmin:
                return (await portal.LeaderOfAsync(1), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader of no indicator"] = await As(Roles.Leader), ["another indicator's leader"] = await portal.LeaderOfAsync(7) /* 李国志, not 周延年 of indicator 1 */, ["responsible unit"] = await As(Roles.Unit, responsible) });
            case Access.LeadUnitOrAdmin:
                return (await As(Roles.Unit, responsible), new() { ["Viewer"] = await As(Roles.Viewer), ["Leader"] = await portal.LeaderOfAsync(1), ["deputy unit"] = await As(Roles.Unit, deputyOnOne), ["unrelated unit"] = await As(Roles.Unit, unrelated) });
            case Access.Author:
                var author = await portal.CreateUserAsync(Roles.Unit, deputyOnOne);
                _authorId = await portal.WithDbAsync(db => db.Users.Where(u => u.UserName == author).Select(u => u.Id).SingleAsync());
                return (await portal.SignInAsync(author), new() { ["Viewer"] = await As(Roles.Viewer), ["same unit, not the author"] = await As(Roles.Unit, deputyOnOne), ["Admin"] = await As(Roles.Admin) });
            default:
                throw new InvalidOperationException($"no users defined for {access}");
        }
    }

    private async Task<long> AuthorsEntryAsync()
    {
        var problemId = await portal.NewProblemAsync();
        return await portal.WithWorkflowAsync(async workflow =>
        {
            var problem = (await workflow.FindProblemAsync(problemId))!;
            var entry = await workflow.AddEntryAsync(problem.IndicatorId, problem, new Writer(_authorId!, "作者", null), ChinaTime.Today(portal.Clock), "作者的进展", 20, []);
            return entry.Id;
        });
    }

    private Task<int> IndicatorIdAsync(int number) =>
        portal.WithDbAsync(db => db.Indicators.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    /// <summary>A metric of 登记财产 of its own for each caller, read from its “4个环节”.</summary>
    private Task<(int Indicator, int Metric, Guid Version)> NewMetricAsync() => portal.WithDbAsync(async db =>
    {
        var indicator = await db.Indicators.SingleAsync(i => i.Number == 5);
        var metric = Linze.BizEnv.Web.Domain.Benchmarking.BenchmarkMetric.From(
            new MetricDocument("矩阵测试环节", "4个环节", 4, "个", Linze.BizEnv.Web.Domain.Benchmarking.MetricDirection.LowerIsBetter), 99);
        metric.IndicatorId = indicator.Id;
        db.BenchmarkMetrics.Add(metric);
        await db.SaveChangesAsync();
        return (indicator.Id, metric.Id, metric.Version);
    });

    private static Task<HttpResponseMessage> PostAsync(WebSession session, Row row, string url, Dictionary<string, string> form) =>
        row.File is { } file ? session.PostFilesAsync("/", url, "file", form, file()) : session.PostFormAsync("/", url, form);

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
            text.AppendLine($"{u.Id}|{u.UserName}|{u.PasswordHash}|{u.SecurityStamp}|{u.IsDisabled}|{u.UnitId}|{u.MustChangePassword}|{u.DisplayName}|{u.LockoutEnd}|{u.Email}|{u.PhoneNumber}|{u.MutedNotificationKinds}");
        }

        foreach (var r in await db.UserRoles.AsNoTracking().OrderBy(r => r.UserId).ThenBy(r => r.RoleId).ToListAsync())
        {
            text.AppendLine($"{r.UserId}>{r.RoleId}");
        }

        text.AppendLine($"{await db.Lists.CountAsync()}/{await db.Indicators.CountAsync()}/{await db.Units.CountAsync()}/{await db.IndicatorUnits.CountAsync()}");
        text.AppendLine($"N{await db.Notifications.CountAsync()}/{await db.NotificationDeliveries.CountAsync()}");
        text.AppendLine($"D{await db.SupervisionNotices.CountAsync()}");
        foreach (var t in await db.StoredTemplates.AsNoTracking().OrderBy(t => t.Kind).Select(t => new { t.Kind, t.UploadedAtUtc, t.Content.Length }).ToListAsync())
        {
            text.AppendLine($"T{t.Kind}|{t.UploadedAtUtc:O}|{t.Length}");
        }

        foreach (var u in await db.Units.AsNoTracking().Where(u => u.DingTalkWebhook != null || u.WeComWebhook != null).OrderBy(u => u.Id).ToListAsync())
        {
            text.AppendLine($"U{u.Id}|{u.DingTalkWebhook}|{u.DingTalkSecret}|{u.WeComWebhook}");
        }

        foreach (var i in await db.Indicators.AsNoTracking().OrderBy(i => i.Id).ToListAsync())
        {
            text.AppendLine($"I{i.Id}|{i.Number}|{i.Name}|{i.ProvinceBest}|{i.LeaderId}");
        }

        foreach (var p in await db.Problems.AsNoTracking().OrderBy(p => p.Id).ToListAsync())
        {
            text.AppendLine($"P{p.Id}|{p.Status}|{p.Version}|{p.PercentComplete}|{p.DueDate}|{p.ResponsibleUnitId}|{p.Measures}");
        }

        foreach (var e in await db.ProgressEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync())
        {
            text.AppendLine($"E{e.Id}|{e.Date}|{e.Text}");
        }

        text.AppendLine($"{await db.Evidence.CountAsync()}/{await db.Instructions.CountAsync()}/{await db.StatusChanges.CountAsync()}/{await db.Urges.CountAsync()}/{await db.Notifications.CountAsync()}/{await db.MetricReadings.CountAsync()}/{await db.BenchmarkMetrics.CountAsync()}");
        foreach (var m in await db.BenchmarkMetrics.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Version }).ToListAsync())
        {
            text.AppendLine($"M{m.Id}|{m.Version}");
        }

        foreach (var r in await db.ExtensionRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync())
        {
            text.AppendLine($"X{r.Id}|{r.Status}");
        }
        return text.ToString();
    });
}
