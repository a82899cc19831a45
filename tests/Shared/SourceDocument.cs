using System.Text.RegularExpressions;

namespace Linze.BizEnv.Tests;

/// <summary>One indicator as the issued document prints it, read straight from its text.</summary>
internal sealed record SourceIndicator(
    int Number,
    string Name,
    string ProvinceBest,
    string Leader,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Lead,
    IReadOnlyList<string> Deputy,
    IReadOnlyList<string> Member);

/// <summary>
/// Reads the 2022 document's text independently of the app: a cell starts with a tab, continuation lines
/// belong to the cell above, and a blank line ends a table row. Used to check the seed data and the exports.
/// </summary>
internal static partial class SourceDocument
{
    private static readonly Lazy<IReadOnlyList<SourceIndicator>> Parsed = new(() => Parse(File.ReadAllLines(RepoPaths.SourceDocument)));

    public static IReadOnlyList<SourceIndicator> Indicators => Parsed.Value;

    public static IReadOnlyList<SourceIndicator> Parse(IEnumerable<string> lines)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        string? cell = null;
        foreach (var line in lines.Append(""))
        {
            if (line.StartsWith('\t'))
            {
                if (cell is not null)
                {
                    row.Add(cell);
                }

                cell = line[1..];
            }
            else if (line.Trim().Length == 0)
            {
                if (cell is not null)
                {
                    row.Add(cell);
                    cell = null;
                }

                if (row.Count > 0)
                {
                    rows.Add(row);
                    row = [];
                }
            }
            else if (cell is not null)
            {
                cell += "\n" + line;
            }
        }

        return [.. rows.Where(r => r.Count == 6 && int.TryParse(r[0].Trim(), out _)).Select(ToIndicator)];
    }

    private static SourceIndicator ToIndicator(List<string> r)
    {
        var problems = Lines(r[3]).Select(p => ProblemNumber().Replace(p, "")).ToList();
        var units = Lines(r[5]).Select(l => l.Split('：', 2)).ToDictionary(p => p[0], p => (IReadOnlyList<string>)p[1].Split('、'));
        IReadOnlyList<string> Role(string name) => units.TryGetValue(name, out var names) ? names : [];
        return new SourceIndicator(
            int.Parse(r[0].Trim(), System.Globalization.CultureInfo.InvariantCulture),
            r[1].Trim(), r[2].Trim(), r[4].Trim(), problems, Role("组长单位"), Role("副组长单位"), Role("成员单位"));
    }

    private static IEnumerable<string> Lines(string cell) =>
        cell.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    [GeneratedRegex(@"^\d+\.")]
    private static partial Regex ProblemNumber();
}
