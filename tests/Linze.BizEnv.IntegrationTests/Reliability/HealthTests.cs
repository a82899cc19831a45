using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>/healthz tells monitoring what users would hit next: a database that cannot be written, a disk filling up.</summary>
public sealed class HealthTests
{
    private sealed class NearlyFullDiskPortal : BizEnvFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Health:MinFreeMegabytes", "999999999999");
        }
    }

    [Fact]
    public async Task AHealthyPortalSaysHealthy()
    {
        using var portal = new BizEnvFactory();
        Assert.Equal("Healthy", await portal.CreateBareClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task FreeSpaceBelowTheFloorMakesItDegraded()
    {
        using var portal = new NearlyFullDiskPortal();
        Assert.Equal("Degraded", await portal.CreateBareClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task ADatabaseThatCannotBeWrittenIsUnhealthyThoughItAnswersQueries()
    {
        using var portal = new BizEnvFactory();
        await portal.CreateBareClient().GetAsync(new Uri("/healthz", UriKind.Relative)); // the portal has created and migrated its database
        await using var readOnly = TestDatabase.ReadOnlyContext(portal.Database);
        Assert.True(await readOnly.Database.CanConnectAsync());

        var result = await new DatabaseHealthCheck(readOnly, TimeProvider.System).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("数据库无法读写", result.Description, StringComparison.Ordinal);
    }
}
