namespace Linze.BizEnv.Tests;

/// <summary>Paths inside the repository, found by walking up from the test binaries to the solution file.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SeedList => Path.Combine(Root, "seed-data", "linze-2022.json");

    /// <summary>The 2022 document as issued (plain text), the source of truth for the seed data.</summary>
    public static string SourceDocument => Path.Combine(Root, "seed-data", "source", "linze-2022-responsibility-list.txt");

    public static string Artifacts(string kind)
    {
        var dir = Path.Combine(Root, "artifacts", kind);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Linze.BizEnv.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Linze.BizEnv.sln not found above " + AppContext.BaseDirectory);
    }
}
