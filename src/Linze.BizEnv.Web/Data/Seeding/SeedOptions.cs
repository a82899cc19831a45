namespace Linze.BizEnv.Web.Data.Seeding;

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the 2022 Linze list into an empty database.</summary>
    public bool LoadDefaultList { get; set; } = true;

    /// <summary>The list to load, relative to the app's base directory unless rooted.</summary>
    public string DefaultListPath { get; set; } = "seed-data/linze-2022.json";
}
