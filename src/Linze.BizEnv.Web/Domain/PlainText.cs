using System.Globalization;

namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// Names as people read them: without control characters and without invisible format characters (bidi overrides
/// such as U+202E, zero-width spaces, byte-order marks), which can make one name look like another ("admin").
/// </summary>
public static class PlainText
{
    public static bool IsInvisible(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    public static bool HasInvisible(string text) => text.Any(IsInvisible);

    /// <summary>The text without control and format characters, trimmed.</summary>
    public static string WithoutInvisible(string text) => string.Concat(text.Where(c => !IsInvisible(c))).Trim();
}
