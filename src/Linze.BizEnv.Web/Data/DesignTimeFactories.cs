using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Linze.BizEnv.Web.Data;

// Used only by `dotnet ef migrations add`; no connection is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBizEnvDbContext>
{
    public SqliteBizEnvDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBizEnvDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerBizEnvDbContext>
{
    public SqlServerBizEnvDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerBizEnvDbContext>().UseSqlServer("Server=design-time;Database=BizEnv;Trusted_Connection=True").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlBizEnvDbContext>
{
    public PostgreSqlBizEnvDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlBizEnvDbContext>().UseNpgsql("Host=design-time;Database=bizenv").Options);
}
