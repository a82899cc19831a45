using System.Globalization;
using System.Text;

namespace Linze.BizEnv.Web.Domain;

/// <summary>
/// Names as people read them: without characters that show as nothing, which can make one name look like another
/// ("admin"): control and format characters (bidi overrides such as U+202E, zero-width spaces, byte-order marks, tag
/// characters), combining marks on their own (U+034F, variation selectors) and the blank fillers of Hangul and Braille.
/// </summary>
public static class PlainText
{
    public static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => true,
        _ => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800,
    };

    public static bool HasInvisible(string text) => text.EnumerateRunes().Any(IsInvisible);

    /// <summary>The first <paramref name="max"/> UTF-16 units of the text, one fewer rather than half a character outside the basic plane.</summary>
    public static string Prefix(string text, int max) =>
        text.Length <= max ? text : text[..(max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];

    /// <summary>Text quoted back to the user (a refusal, a search box, an audit line): at most <paramref name="max"/> units, then "…".</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : Prefix(text, max) + "…";

    /// <summary>The text without invisible characters (<see cref="IsInvisible(Rune)"/>), trimmed.</summary>
    public static string WithoutInvisible(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes().Where(r => !IsInvisible(r)))
        {
            kept.Append(rune.ToString());
        }

        return kept.ToString().Trim();
    }

    /// <summary>
    /// Free text as typed, without control characters other than line breaks and tabs (a NUL stored in a text breaks
    /// its exports), every line break as one \n: a browser counts a line break as one character against a field's
    /// maxlength but sends it as \r\n, so a text at its limit would otherwise be refused as too long. With
    /// <paramref name="withoutBidiOverrides"/>, bidi overrides and isolates go too (U+202A–U+202E, U+2066–U+2069:
    /// "\u202eLTR" showed as "RTL" on every page, message and email); a user name keeps them, to be refused as disguised.
    /// </summary>
    public static string WithoutControls(string text, bool withoutBidiOverrides = false)
    {
        var lines = text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
        bool Unwanted(char c) => (char.IsControl(c) && c is not ('\n' or '\t')) || (withoutBidiOverrides && IsBidiOverride(c));
        return lines.Any(Unwanted) ? string.Concat(lines.Where(c => !Unwanted(c))) : lines;
    }

    /// <summary>The text without bidi overrides and isolates (an imported cell's U+202E showed the rest of it reversed).</summary>
    public static string WithoutBidiOverrides(string text) => text.Any(IsBidiOverride) ? string.Concat(text.Where(c => !IsBidiOverride(c))) : text;

    private static bool IsBidiOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
