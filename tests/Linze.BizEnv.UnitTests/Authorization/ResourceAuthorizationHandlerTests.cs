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

    private async Task<ClaimsPrincipal> UserAsync(string role, string? unit = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "someone"), new(ClaimTypes.Role, role) };
        if (unit is not null)
        {
            var id = await _db.Units.Where(u => u.Name == unit).Select(u => u.Id).SingleAsync();
            claims.Add(new Claim(BizEnvClaims.UnitId, id.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }

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
    public async Task LeadersAndViewersReadEverythingAndWriteNothing(string role)
    {
        var user = await UserAsync(role);
        Assert.True(await Allowed(user, _startingABusiness, Operations.Read));
        Assert.False(await Allowed(user, _startingABusiness, Operations.Update));
        Assert.False(await Allowed(user, _startingABusiness, Operations.Review));
    }

    [Fact]
    public async Task AdministratorsMayDoAnything()
    {
        var admin = await UserAsync(Roles.Admin);
        foreach (var operation in new[] { Operations.Read, Operations.Update, Operations.Review })
        {
            Assert.True(await Allowed(admin, _startingABusiness, operation));
        }
    }

    [Fact]
    public async Task AnAnonymousUserMayNotEvenRead() =>
        Assert.False(await Allowed(new ClaimsPrincipal(new ClaimsIdentity()), _startingABusiness, Operations.Read));
}
