using System.Text;

namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// File names as the portal keeps and offers them: what Windows refuses in a name (<c>\ / : * ? " &lt; &gt; |</c>)
/// becomes "_", control and other invisible characters (<see cref="PlainText.IsInvisible"/>: a U+202E would show
/// "fdp.exe" as "exe.pdf") go, and a long name is cut keeping its extension. One rule for evidence, uploaded
/// templates, 公文 and workbook downloads.
/// </summary>
public static class FileNames
{
    /// <summary>What a name falls back to when nothing visible is left of it.</summary>
    public const string Unnamed = "未命名文件";

    /// <summary>The longest name a generated download (a workbook, a 公文) is offered under.</summary>
    public const int DownloadLength = 120;

    /// <summary>The longest extension kept when a name is cut.</summary>
    private const int MaxExtensionLength = 16;

    private const string RefusedByWindows = "\\/:*?\"<>|";

    private static readonly char[] TrailingDropped = [' ', '.'];

    /// <summary>A name built from data or typed (a unit's name, a title), safe to save on Windows, at most <paramref name="max"/> characters.</summary>
    public static string Safe(string? name, int max, string fallback = Unnamed)
    {
        var safe = new StringBuilder();
        foreach (var rune in (name ?? "").EnumerateRunes())
        {
            if (rune.IsBmp && RefusedByWindows.Contains((char)rune.Value, StringComparison.Ordinal))
            {
                safe.Append('_');
            }
            else if (!PlainText.IsInvisible(rune))
            {
                safe.Append(rune.ToString());
            }
        }

        // Windows drops trailing dots and spaces: the name it saved would not be the one shown.
        var text = safe.ToString().Trim().TrimEnd(TrailingDropped);
        return text.Length == 0 ? fallback : Cut(text, max);
    }

    /// <summary>A name a browser sent with an upload: without the folders some send (<c>C:\fakepath\报告.pdf</c>), then <see cref="Safe"/>.</summary>
    public static string Uploaded(string? fileName, int max, string fallback = Unnamed) =>
        Safe(Path.GetFileName((fileName ?? "").Replace('\\', '/')), max, fallback);

    private static string Cut(string name, int max)
    {
        if (name.Length <= max)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        extension = extension.Length is > 0 and <= MaxExtensionLength && extension.Length < max ? extension : "";
        return PlainText.Prefix(name, max - extension.Length).TrimEnd(TrailingDropped) + extension;
    }
}
