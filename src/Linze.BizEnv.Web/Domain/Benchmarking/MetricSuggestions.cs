using System.Globalization;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Web.Domain.Benchmarking;

/// <summary>
/// 对标指标项 proposed from an indicator's 全省最佳表现 text when a list is imported (issue #16, ADR-0019): each figure — a
/// number with its unit and the words around it — becomes a suggestion the office accepts, corrects or drops in the import
/// preview. Nothing here is stored by itself. Years (2021年) and figures in brackets (其中…2项) are context, not figures;
/// yes/no practices (免费刻章) are not proposed: which phrases are practices to measure is the office's call.
/// </summary>
public static partial class MetricSuggestions
{
    /// <summary>At most this many per indicator: a cell with more figures is prose, and the office adds the rest by hand.</summary>
    public const int MaxPerIndicator = 20;

    // Longest first, so that 个工作日 wins over 个 and 分钟 over 分.
    private static readonly string[] Units = [.. new[]
    {
        "微克/立方米", "个工作日", "工作日", "个小时", "小时", "分钟", "个月", "万元", "亿元", "平方米", "公里", "元", "天", "日", "周",
        "个", "项", "份", "次", "件", "家", "人", "户", "种", "笔", "场", "分", "%", "‰", "倍", "台", "张", "亩",
    }.OrderByDescending(u => u.Length)];

    private static readonly HashSet<string> TimeUnits = ["天", "日", "小时", "分钟", "工作日", "周", "个月"];

    // Words joining a name to its figure, stripped from the name; some say which way is better.
    private static readonly string[] HigherWords = ["最高为", "最高", "达到", "达", "超过", "不低于", "以上"];
    private static readonly string[] LowerWords = ["最低为", "最低", "最短为", "最短", "最长为", "不超过", "压缩至", "压缩到", "减至", "以内", "以下", "内"];
    private static readonly string[] PlainWords = ["均为", "为", "是", "约", "共", "仅需", "仅", "需", "各", "在", "至", "：", ":", "的"];

    /// <summary>
    /// The figures of <paramref name="provinceBest"/> as metrics to propose, in the order the text reads, at most
    /// <paramref name="max"/>; each with a name of its own within the indicator.
    /// </summary>
    public static IReadOnlyList<MetricDocument> From(string? provinceBest, string indicatorName, int max = MaxPerIndicator)
    {
        if (string.IsNullOrWhiteSpace(provinceBest))
        {
            return [];
        }

        var text = provinceBest;
        var plain = HalfWidth(text); // the same length as text: positions in one are positions in the other
        var depth = Depths(plain);
        var suggestions = new List<MetricDocument>();
        foreach (var (start, end) in Clauses(plain, depth))
        {
            var from = start;
            foreach (Match number in Number().Matches(plain[..end], start))
            {
                if (suggestions.Count == max)
                {
                    return suggestions;
                }

                var at = number.Index;
                var after = at + number.Length;
                if (depth[at] > 0 || plain.AsSpan(after).TrimStart(' ').StartsWith("年", StringComparison.Ordinal)
                    || !decimal.TryParse(number.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value >= 100_000_000_000m)
                {
                    continue; // a year, a figure in brackets (an explanation), or not a figure
                }

                var unitAt = SkipSpaces(plain, after, end);
                var unit = Units.FirstOrDefault(u => unitAt + u.Length <= end && string.CompareOrdinal(plain, unitAt, u, 0, u.Length) == 0);
                var unitEnd = unit is null ? after : unitAt + unit.Length;
                var (before, beforeStart, beforeDirection) = Before(plain, from, at);
                var (following, followingEnd, followingDirection) = Following(plain, unitEnd, end, depth);
                from = followingEnd;

                var name = Quoteless(before + following).Trim(NamePunctuation);
                unit = unit switch { "个工作日" => "工作日", "个小时" => "小时", _ => unit };
                var direction = beforeDirection ?? followingDirection ?? Guess(name, before.Length == 0, unit);
                suggestions.Add(new MetricDocument(
                    Unique(PlainText.Prefix(name.Length == 0 ? indicatorName + Kind(unit) : name, BenchmarkMetric.NameLength - 4), suggestions),
                    Words(text, beforeStart, followingEnd, at),
                    value,
                    unit,
                    direction));
            }
        }

        return suggestions;
    }

    /// <summary>The name's part before the figure: after the previous figure of the clause, without joining words (达, 均为 …), a leading year or stray punctuation.</summary>
    private static (string Name, int Start, MetricDirection? Direction) Before(string plain, int from, int at)
    {
        var segment = plain[from..at];
        var lead = LeadingNoise().Match(segment).Length;
        var name = segment[lead..].TrimEnd();
        MetricDirection? direction = null;
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var (words, says) in Joining)
            {
                if (words.FirstOrDefault(w => name.EndsWith(w, StringComparison.Ordinal)) is { } word)
                {
                    name = name[..^word.Length].TrimEnd();
                    direction ??= says;
                    stripped = true;
                    break;
                }
            }
        }

        return (name, from + lead, direction);
    }

    /// <summary>The words right after the figure's unit (2个<b>环节</b>, 5天<b>启动破产程序</b>, 1天内<b>立案</b>), up to punctuation, a bracket or the next figure.</summary>
    private static (string Name, int End, MetricDirection? Direction) Following(string plain, int from, int end, int[] depth)
    {
        var stop = from;
        while (stop < end && depth[stop] == 0 && (char.IsLetter(plain[stop]) || plain[stop] is '“' or '”') && !char.IsAsciiLetter(plain[stop]))
        {
            stop++;
        }

        var name = plain[from..stop];
        MetricDirection? direction = null;
        if (LowerWords.FirstOrDefault(w => name.StartsWith(w, StringComparison.Ordinal)) is { } lower)
        {
            name = name[lower.Length..];
            direction = MetricDirection.LowerIsBetter;
        }
        else if (HigherWords.FirstOrDefault(w => name.StartsWith(w, StringComparison.Ordinal)) is { } higher)
        {
            name = name[higher.Length..];
            direction = MetricDirection.HigherIsBetter;
        }

        return (name, stop, direction);
    }

    private static readonly (string[] Words, MetricDirection? Says)[] Joining =
        [(HigherWords, MetricDirection.HigherIsBetter), (LowerWords, MetricDirection.LowerIsBetter), (PlainWords, null)];

    /// <summary>Which way is better when no word says: times and costs down; rates, scores and amounts up; a bare "4次" or "5个事项" opening a clause counts steps, so down.</summary>
    private static MetricDirection Guess(string name, bool bare, string? unit) =>
        unit is not null && TimeUnits.Contains(unit) ? MetricDirection.LowerIsBetter
        : LowerNames().IsMatch(name) ? MetricDirection.LowerIsBetter
        : unit == "%" || HigherNames().IsMatch(name) ? MetricDirection.HigherIsBetter
        : bare ? MetricDirection.LowerIsBetter
        : MetricDirection.HigherIsBetter;

    /// <summary>The words the figure was read from, as written (quotes and full-width digits kept), at most <see cref="BenchmarkMetric.WordsLength"/>.</summary>
    private static string Words(string text, int start, int end, int figure)
    {
        start = Math.Max(start, end - BenchmarkMetric.WordsLength);
        start = Math.Min(start, figure);
        return text[start..Math.Min(end, start + BenchmarkMetric.WordsLength)].Trim();
    }

    /// <summary>Clauses at bracket depth 0, split on ，；。 and line breaks (not on 、, which joins the parts of one name).</summary>
    private static IEnumerable<(int Start, int End)> Clauses(string plain, int[] depth)
    {
        var start = 0;
        for (var i = 0; i <= plain.Length; i++)
        {
            if (i == plain.Length || (depth[i] == 0 && plain[i] is '，' or ',' or '；' or ';' or '。' or '\n' or '\r'))
            {
                if (i > start)
                {
                    yield return (start, i);
                }

                start = i + 1;
            }
        }
    }

    /// <summary>Bracket depth at each position: （其中，立项用地规划许可2项…） is one explanation, not clauses and figures.</summary>
    private static int[] Depths(string plain)
    {
        var depth = new int[plain.Length + 1];
        var level = 0;
        for (var i = 0; i < plain.Length; i++)
        {
            if (plain[i] is '（' or '(' or '【' or '[')
            {
                level++;
            }

            depth[i] = level;
            if (plain[i] is '）' or ')' or '】' or ']' && level > 0)
            {
                level--;
            }
        }

        return depth;
    }

    /// <summary>
    /// Full-width digits, letters and signs (１．５％) as ASCII and invisible characters (a zero-width space between a figure
    /// and its unit) as spaces, one character for one, so positions stay valid.
    /// </summary>
    private static string HalfWidth(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\uFF01' and <= '\uFF5E' && c is not ('（' or '）' or '，' or '；' or '：') ? (char)(c - 0xFEE0)
                    : c is '\u3000' or (>= '\u200B' and <= '\u200F') or '\u2060' or '\uFEFF' or '\u00AD' ? ' ' // a full-width or invisible space
                    : c;
            }
        });

    private static int SkipSpaces(string plain, int at, int end)
    {
        while (at < end && plain[at] == ' ')
        {
            at++;
        }

        return at;
    }

    // Punctuation that is no part of a name when it opens or closes one ("-3天", "、高压").
    private static readonly char[] NamePunctuation = ['-', '—', '–', '~', '～', '、', '：', ':', '，', ',', '；', ';', '。', '.', ' ', '+', '/'];

    /// <summary>What a bare figure measures, by its unit: 开办企业 0.5天 is 开办企业用时.</summary>
    private static string Kind(string? unit) => unit switch
    {
        null or "" => "指标",
        _ when TimeUnits.Contains(unit) => "用时",
        "次" => "次数",
        "元" or "万元" or "亿元" => "金额",
        "%" or "‰" => "比例",
        "分" => "得分",
        _ => "数量",
    };

    /// <summary>The name, or with （2）, （3） … when an earlier suggestion of the indicator has it.</summary>
    private static string Unique(string name, List<MetricDocument> earlier)
    {
        var unique = name;
        for (var n = 2; earlier.Any(m => m.Name == unique); n++)
        {
            unique = $"{name}（{n}）";
        }

        return unique;
    }

    private static string Quoteless(string name) => name.Replace("“", "", StringComparison.Ordinal).Replace("”", "", StringComparison.Ordinal).Trim();

    // Digits not glued to letters or other digits (PM2.5 is a name, not a figure).
    [GeneratedRegex(@"(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![A-Za-z])")]
    private static partial Regex Number();

    [GeneratedRegex(@"^(?:[\s、，,：:；;]|\d{4}年度?)*")]
    private static partial Regex LeadingNoise();

    [GeneratedRegex("费|成本|环节|材料|资料|耗时|时间|时限|次数|跑动|证明|浓度")]
    private static partial Regex LowerNames();

    [GeneratedRegex("率|满意|覆盖|比重|占比|强度|数量|场次|评分|得分|金额|增加|增长|机构数|床位|医生")]
    private static partial Regex HigherNames();
}
