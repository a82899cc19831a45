using System.Globalization;
using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.UnitTests.Authorization;

public sealed class ResourceAuthorizationHandlerTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private SqliteBizEnvDbContext _db = null!;
    private Indicator _startingABusiness = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new SqliteBizEnvDbContext(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite(_connection).Options);
        await _db.Database.MigrateAsync();
        await new ListStore(_db).AddAsync(await SeedFile.ReadAsync(RepoPaths.SeedList));
        _startingABusiness = await _db.Indicators.SingleAsync(i => i.Number == 1);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<ClaimsPrincipal> UserAsync(string role, string? unit = null, string userId = "someone-id")
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, "someone"), new(ClaimTypes.Role, role) };
        if (unit is not null)
        {
            var id = await _db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync();
            claims.Add(new Claim(BizEnvClaims.UnitId, id.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

    private static ClaimsPrincipal LeaderOf(int leaderId) => new(new ClaimsIdentity(
        [new(ClaimTypes.NameIdentifier, "leader-id"), new(ClaimTypes.Name, "leader"), new(ClaimTypes.Role, Roles.Leader), new(BizEnvClaims.LeaderId, leaderId.ToString(CultureInfo.InvariantCulture))], "Test"));

    private async Task<bool> Allowed(ClaimsPrincipal user, object resource, OperationAuthorizationRequirement operation)
    {
        var context = new AuthorizationHandlerContext([operation], user, resource);
        await new ResourceAuthorizationHandler(_db).HandleAsync(context);
        return context.HasSucceeded;
    }

    [Theory]
    [InlineData("县市场监管局")] // 组长单位 of 开办企业
    [InlineData("国家税务总局临泽县税务局")] // 副组长单位
    [InlineData("县金融投资事务中心")] // 成员单位
    public async Task AUnitWithARoleOnTheIndicatorMayUpdateItAndItsProblems(string unit)
    {
        var user = await UserAsync(Roles.Unit, unit);
        Assert.True(await Allowed(user, _startingABusiness, Operations.Update));
        var problem = await _db.Problems.FirstAsync(p => p.IndicatorId == _startingABusiness.Id);
        Assert.True(await Allowed(user, problem, Operations.Update));
        Assert.False(await Allowed(user, problem, Operations.Review));
    }

    [Theory]
    [InlineData("县法院")]
    [InlineData("县金融事务投资中心")] // the other spelling holds no role on 开办企业
    public async Task AUnitWithoutARoleOnTheIndicatorMayReadButNotUpdate(string unit)
    {
        var user = await UserAsync(Roles.Unit, unit);
        Assert.True(await Allowed(user, _startingABusiness, Operations.Read));
        Assert.False(await Allowed(user, _startingABusiness, Operations.Update));
    }

    [Fact]
    public async Task AUnitAccountWithoutAUnitMayNotUpdate() =>
        Assert.False(await Allowed(await UserAsync(Roles.Unit), _startingABusiness, Operations.Update));

    [Theory]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Viewer)]
    public async Task LeadersAndViewersReadEverythingAndNeitherUpdateNorReview(string role)
    {
        var user = await UserAsync(role);
        Assert.True(await Allowed(user, _startingABusiness, Operations.Read));
        Assert.False(await Allowed(user, _startingABusiness, Operations.Update));
        Assert.False(await Allowed(user, _startingABusiness, Operations.Review));
    }

    [Fact]
    public async Task AdministratorsMayDoAnythingButAnswerForAUnit()
    {
        var admin = await UserAsync(Roles.Admin);
        foreach (var operation in new[] { Operations.Read, Operations.Update, Operations.Review })
        {
            Assert.True(await Allowed(admin, _startingABusiness, operation));
        }

        Assert.False(await Allowed(admin, await _db.Problems.FirstAsync(p => p.IndicatorId == _startingABusiness.Id), Operations.Respond));
    }

    [Fact]
    public async Task AnAnonymousUserMayNotEvenRead() =>
        Assert.False(await Allowed(new ClaimsPrincipal(new ClaimsIdentity()), _startingABusiness, Operations.Read));

    // Every decision the handler makes, per kind of user, resource and operation. "lead" is the 组长单位 of 开办企业
    // (the responsible unit of its problems), "member" a 成员单位 of it, "other" a unit without a role on it.
    public static TheoryData<string, string, string, bool> Decisions => new()
    {
        { "admin", "problem", nameof(Operations.Read), true },
        { "admin", "problem", nameof(Operations.Update), true },
        { "admin", "problem", nameof(Operations.Respond), false },
        { "admin", "problem", nameof(Operations.EditMeasures), true },
        { "admin", "problem", nameof(Operations.Review), true },
        { "admin", "problem", nameof(Operations.Instruct), true },
        { "leader", "problem", nameof(Operations.Read), true },
        { "leader", "problem", nameof(Operations.Update), false },
        { "leader", "problem", nameof(Operations.Respond), false },
        { "leader", "problem", nameof(Operations.EditMeasures), false },
        { "leader", "problem", nameof(Operations.Review), false },
        { "leader", "indicator", nameof(Operations.Instruct), true },
        { "leader", "problem", nameof(Operations.Instruct), true },
        { "viewer", "problem", nameof(Operations.Instruct), false },
        { "admin", "problem", nameof(Operations.Urge), true },
        { "its leader", "problem", nameof(Operations.Urge), true },
        { "other leader", "problem", nameof(Operations.Urge), false },
        { "leader", "problem", nameof(Operations.Urge), false },
        { "viewer", "problem", nameof(Operations.Urge), false },
        { "lead", "problem", nameof(Operations.Urge), false },
        { "viewer", "problem", nameof(Operations.EditMeasures), false },
        { "lead", "problem", nameof(Operations.Update), true },
        { "lead", "problem", nameof(Operations.Respond), true },
        { "lead", "problem", nameof(Operations.EditMeasures), true },
        { "lead", "problem", nameof(Operations.Review), false },
        { "lead", "problem", nameof(Operations.Instruct), false },
        { "member", "problem", nameof(Operations.Update), true },
        { "member", "problem", nameof(Operations.Respond), false },
        { "member", "problem", nameof(Operations.EditMeasures), false },
        { "other", "problem", nameof(Operations.Update), false },
        { "other", "problem", nameof(Operations.Respond), false },
        { "lead", "own entry", nameof(Operations.ChangeEntry), true },
        { "member", "lead's entry", nameof(Operations.ChangeEntry), false },
        { "admin", "lead's entry", nameof(Operations.ChangeEntry), false },
        { "lead", "own entry", nameof(Operations.Review), false },
        { "admin", "lead's report", nameof(Operations.ReadReport), true },
        { "leader", "lead's report", nameof(Operations.ReadReport), true },
        { "viewer", "lead's report", nameof(Operations.ReadReport), false },
        { "lead", "lead's report", nameof(Operations.ReadReport), true },
        { "other", "lead's report", nameof(Operations.ReadReport), false },
        { "lead", "lead's report", nameof(Operations.Read), false },
        { "admin", "problem", nameof(Operations.ReadReport), false },
        { "admin", "indicator", nameof(Operations.RecordReading), true },
        { "lead", "indicator", nameof(Operations.RecordReading), true },
        { "member", "indicator", nameof(Operations.RecordReading), false },
        { "other", "indicator", nameof(Operations.RecordReading), false },
        { "leader", "indicator", nameof(Operations.RecordReading), false },
        { "its leader", "indicator", nameof(Operations.RecordReading), false },
        { "viewer", "indicator", nameof(Operations.RecordReading), false },
        { "lead", "problem", nameof(Operations.RecordReading), true },
        { "admin", "indicator", nameof(Operations.ManageMetrics), true },
        { "lead", "indicator", nameof(Operations.ManageMetrics), false },
        { "member", "indicator", nameof(Operations.ManageMetrics), false },
        { "leader", "indicator", nameof(Operations.ManageMetrics), false },
        { "its leader", "indicator", nameof(Operations.ManageMetrics), false },
        { "viewer", "indicator", nameof(Operations.ManageMetrics), false },
        { "admin", "problem", nameof(Operations.IssueNotice), true },
        { "its leader", "problem", nameof(Operations.IssueNotice), false },
        { "viewer", "problem", nameof(Operations.IssueNotice), false },
        { "lead", "problem", nameof(Operations.IssueNotice), false },
        { "admin", "lead unit", nameof(Operations.IssueNotice), true },
        { "its leader", "lead unit", nameof(Operations.IssueNotice), false },
        { "lead", "lead unit", nameof(Operations.IssueNotice), false },
        { "admin", "notice to lead", nameof(Operations.ReadNotice), true },
        { "leader", "notice to lead", nameof(Operations.ReadNotice), true },
        { "lead", "notice to lead", nameof(Operations.ReadNotice), true },
        { "member", "notice to lead", nameof(Operations.ReadNotice), false },
        { "other", "notice to lead", nameof(Operations.ReadNotice), false },
        { "viewer", "notice to lead", nameof(Operations.ReadNotice), false },
        { "lead", "notice to lead", nameof(Operations.Read), false },
        { "admin", "brief of its leader", nameof(Operations.ReadBrief), true },
        { "its leader", "brief of its leader", nameof(Operations.ReadBrief), true },
        { "other leader", "brief of its leader", nameof(Operations.ReadBrief), false },
        { "viewer", "brief of its leader", nameof(Operations.ReadBrief), false },
        { "lead", "brief of its leader", nameof(Operations.ReadBrief), false },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public async Task TheHandlerDecides(string who, string resource, string operation, bool allowed)
    {
        var lead = await _db.Units.SingleAsync(u => u.Name == "县市场监管局");
        var user = who switch
        {
            "admin" => await UserAsync(Roles.Admin),
            "leader" => await UserAsync(Roles.Leader),
            "viewer" => await UserAsync(Roles.Viewer),
            "its leader" => LeaderOf(_startingABusiness.LeaderId!.Value),
            "other leader" => LeaderOf(await _db.Indicators.Where(i => i.LeaderId != _startingABusiness.LeaderId && i.LeaderId != null).Select(i => i.LeaderId!.Value).FirstAsync()),
            "lead" => await UserAsync(Roles.Unit, lead.Name, userId: "lead-account"),
            "member" => await UserAsync(Roles.Unit, "县人社局"),
            _ => await UserAsync(Roles.Unit, "县法院"),
        };
        object target = resource switch
        {
            "indicator" => _startingABusiness,
            "problem" => await _db.Problems.FirstAsync(p => p.IndicatorId == _startingABusiness.Id),
            "own entry" or "lead's entry" => new Web.Domain.Rectification.ProgressEntry { AuthorId = "lead-account", AuthorName = "市场监管局", Text = "进展" },
            "lead unit" => lead,
            "notice to lead" => new IssuedNotice(1, lead.Id),
            "brief of its leader" => new LeaderBrief(_startingABusiness.LeaderId!.Value),
            _ => new UnitReport(lead.Id),
        };

        var requirement = (OperationAuthorizationRequirement)typeof(Operations).GetField(operation)!.GetValue(null)!;
        Assert.Equal(allowed, await Allowed(user, target, requirement));
    }

    [Fact]
    public void EveryOperationIsInTheDecisionTable()
    {
        var covered = Decisions.Select(row => (string)row[2]).ToHashSet();
        Assert.All(typeof(Operations).GetFields().Select(f => f.Name), operation => Assert.Contains(operation, covered));
    }
}
