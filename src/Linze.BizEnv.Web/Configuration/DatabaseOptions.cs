namespace Linze.BizEnv.Web.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSQL,
}

/// <summary>Names of the database settings: <c>Database:Provider</c> and <c>ConnectionStrings:BizEnv</c>.</summary>
public static class DatabaseOptions
{
    public const string Section = "Database";

    public const string ProviderKey = "Provider";

    public const string ConnectionStringName = "BizEnv";
}
