using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.UnitTests.Configuration;

public class ProviderSelectionTests
{
    private static WebApplicationBuilder Builder(string? provider, string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        if (provider is not null)
        {
            builder.Configuration["Database:Provider"] = provider;
        }

        builder.Configuration["ConnectionStrings:BizEnv"] = connectionString;
        return builder;
    }

    [Theory]
    [InlineData(null, "Data Source=:memory:", typeof(SqliteBizEnvDbContext), "Microsoft.EntityFrameworkCore.Sqlite")]
    [InlineData("sqlite", "Data Source=:memory:", typeof(SqliteBizEnvDbContext), "Microsoft.EntityFrameworkCore.Sqlite")]
    [InlineData("SqlServer", "Server=db01;Database=BizEnv;Integrated Security=true", typeof(SqlServerBizEnvDbContext), "Microsoft.EntityFrameworkCore.SqlServer")]
    [InlineData("PostgreSQL", "Host=db01;Database=bizenv;Username=bizenv", typeof(PostgreSqlBizEnvDbContext), "Npgsql.EntityFrameworkCore.PostgreSQL")]
    public void ConfigurationChoosesTheProviderAndItsMigrations(string? provider, string connectionString, Type context, string efProvider)
    {
        using var services = Builder(provider, connectionString).AddAuditing().AddPersistence().Services.BuildServiceProvider();
        using var scope = services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<BizEnvDbContext>();

        Assert.IsType(context, db);
        Assert.Equal(efProvider, db.Database.ProviderName);
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void AnUnknownProviderIsRefusedWithAChineseMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Builder("Oracle", "x").AddPersistence());
        Assert.Equal("不支持的数据库类型：Oracle。Database:Provider 可选 Sqlite、SqlServer 或 PostgreSQL。", ex.Message);
    }

    [Fact]
    public void AMissingConnectionStringIsRefusedWithAChineseMessage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Builder("SqlServer", "").AddPersistence());
        Assert.Contains("缺少数据库连接字符串", ex.Message, StringComparison.Ordinal);
    }
}
