using System.Globalization;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// How county offices write numbers, numbered items and "none" in their tables: 序号 as 1, 1.0, 一、 or 十八; items
/// numbered 1. 1、 （1） ① （一） 一、 一是; and 无, /, — for an empty cell.
/// </summary>
public static partial class OfficeText
{
    private const string Digits = "零一二三四五六七八九";

    /// <summary>Text an office writes to mean "nothing here": it is no problem, no unit and no leader.</summary>
    public static bool IsPlaceholder(string text) => Placeholder().IsMatch(text);

    /// <summary>The text, or "" when it is blank or a placeholder.</summary>
    public static string Meaningful(string text) => IsPlaceholder(text) ? "" : text;

    /// <summary>
    /// A positive 序号: Arabic (1, 1.0, 1. 1、) or Chinese (一, 一、, 十八, （三）) numerals; false for anything else.
    /// </summary>
    public static bool TryIndex(string text, out int number)
    {
        var trimmed = text.Trim().Trim('\u3000').TrimEnd('.', '．', '、');
        var bracketed = Bracketed().Match(trimmed);
        if (bracketed.Success)
        {
            trimmed = bracketed.Groups["n"].Value;
        }

        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number > 0;
        }

        // A number typed as 1.0 or stored as a double.
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is > 0 and < int.MaxValue)
        {
            number = (int)d;
            return true;
        }

        return TryChinese(trimmed, out number);
    }

    /// <summary>A number, though not one <see cref="TryIndex"/> takes (0, -3, 1.5): told apart from text that is no number at all.</summary>
    public static bool IsNumber(string text) =>
        double.TryParse(text.Trim().TrimEnd('.', '．', '、'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>1–99 written in Chinese numerals: 一, 十, 十八, 二十, 二十一.</summary>
    public static bool TryChinese(string text, out int number)
    {
        number = 0;
        var match = ChineseNumber().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Digit(string g) => match.Groups[g].Success && match.Groups[g].Length > 0 ? Digits.IndexOf(match.Groups[g].Value[0], StringComparison.Ordinal) : 0;
        number = match.Groups["ten"].Success
            ? (match.Groups["tens"].Length > 0 ? Digit("tens") : 1) * 10 + Digit("units")
            : Digit("units");
        return number > 0;
    }

    /// <summary>
    /// The items of a cell: numbered lines start an item (<see cref="ItemNumber"/>), an unnumbered line continues the
    /// one before (or is the only item), and a paragraph of 一是…二是… is split at each marker. Placeholders are no item.
    /// </summary>
    public static IReadOnlyList<string> Items(string cell)
    {
        var items = new List<string>();
        foreach (var line in Lines(cell).SelectMany(SplitFirstSecond))
        {
            var numbered = ItemNumber().Match(line);
            // "3.2023年起…": a number, a full stop and a text that starts with a digit is item 3 when 3 comes next,
            // else a decimal (2.0天) that starts an unnumbered text.
            var beforeDigit = NumberBeforeDigit().Match(line);
            if (numbered.Success)
            {
                items.Add(numbered.Groups["text"].Value.Trim());
            }
            else if (beforeDigit.Success && int.TryParse(beforeDigit.Groups["n"].Value, CultureInfo.InvariantCulture, out var n) && n == items.Count + 1
                && (n > 1 || Lines(cell).Skip(1).Any(l => ItemNumber().IsMatch(l) || NumberBeforeDigit().IsMatch(l))))
            {
                items.Add(beforeDigit.Groups["text"].Value.Trim());
            }
            else if (items.Count == 0)
            {
                items.Add(line);
            }
            else
            {
                items[^1] += line;
            }
        }

        return [.. items.Where(p => p.Length > 0 && !IsPlaceholder(p))];
    }

    /// <summary>The cell's lines, trimmed of spaces (full-width ones too), blank ones dropped.</summary>
    public static IEnumerable<string> Lines(string cell) =>
        cell.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Select(l => l.Trim(' ', '\t', '\u3000')).Where(l => l.Length > 0);

    /// <summary>"一是甲。二是乙。三是丙。" as three lines, split only at the markers in their order and after punctuation.</summary>
    private static IEnumerable<string> SplitFirstSecond(string line)
    {
        if (!line.StartsWith("一是", StringComparison.Ordinal))
        {
            yield return line;
            yield break;
        }

        var start = 0;
        for (var n = 2; ; n++)
        {
            var marker = ChineseOf(n) + "是";
            var at = line.IndexOf(marker, start + 2, StringComparison.Ordinal);
            while (at > 0 && !ItemEnd().IsMatch(line[at - 1].ToString()))
            {
                at = line.IndexOf(marker, at + 1, StringComparison.Ordinal);
            }

            if (at <= 0)
            {
                yield return line[start..];
                yield break;
            }

            yield return line[start..at];
            start = at;
        }
    }

    private static string ChineseOf(int n) => n switch
    {
        < 10 => Digits[n].ToString(),
        < 20 => "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
        _ => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString()),
    };

    [GeneratedRegex(@"^[\s\u3000]*(?:无|暂无|没有|/|／|\\|[—－\-–―_]+|无。)?[\s\u3000]*$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[（(]\s*(?<n>[^()（）]+?)\s*[)）]$")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"^(?:(?<tens>[一二三四五六七八九])?(?<ten>十)(?<units>[一二三四五六七八九])?|(?<units>[一二三四五六七八九]))$")]
    private static partial Regex ChineseNumber();

    /// <summary>An item's number at the start of a line: 1. 1、 1．（not 2.0）, （1） (1), ①, （一）, 一、 一. , 一是.</summary>
    [GeneratedRegex(@"^(?:\d+\s*(?:[\.．](?!\d)|、)|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*[、．.]|[一二三四五六七八九十]+是\s*[，,、：:]?)\s*(?<text>.*)$")]
    private static partial Regex ItemNumber();

    [GeneratedRegex(@"^(?<n>\d{1,3})\s*[\.．](?<text>\d.*)$")]
    private static partial Regex NumberBeforeDigit();

    [GeneratedRegex(@"^[。；;！!？?，,、\s\u3000]$")]
    private static partial Regex ItemEnd();
}
