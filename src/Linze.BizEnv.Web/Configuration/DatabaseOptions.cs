namespace Linze.BizEnv.Web.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Names of the database settings: <c>Database:Provider</c> and <c>ConnectionStrings:BizEnv</c>.</summary>
public static class DatabaseOptions
{
    public const string Section = "Database";

    public const string ProviderKey = "Provider";

    public const string ConnectionStringName = "BizEnv";
}

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the 2022 Linze list into an empty database.</summary>
    public bool LoadDefaultList { get; set; } = true;

    /// <summary>The list to load, relative to the app's base directory unless rooted.</summary>
    public string DefaultListPath { get; set; } = "seed-data/linze-2022.json";
}
