namespace Linze.BizEnv.UnitTests;

/// <summary>What a reader of the repository would trip over: a merge left half-resolved in the docs or the code.</summary>
public class RepositoryTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Linze.BizEnv.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Linze.BizEnv.sln not found above the test's folder.");
    }

    [Fact]
    public void NoFileKeepsMergeConflictMarkers()
    {
        var root = Root();
        var extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".md", ".cs", ".cshtml", ".js", ".css", ".json", ".sh", ".props", ".csproj" };
        var skipped = new[] { "bin", "obj", "node_modules", ".git", "artifacts", "lib" };
        var marked = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => l.Text.StartsWith("<<<<<<< ", StringComparison.Ordinal) || l.Text.StartsWith(">>>>>>> ", StringComparison.Ordinal) || l.Text == "=======")
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();

        Assert.Empty(marked);
    }
}
