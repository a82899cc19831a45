namespace Linze.BizEnv.Web.Domain.Benchmarking;

/// <summary>Which way a metric's value is better: the gap is signed so that positive always means "behind".</summary>
public enum MetricDirection
{
    /// <summary>越低越好: days, steps, documents, fees.</summary>
    LowerIsBetter = 1,

    /// <summary>越高越好: rates, counts of services, satisfaction.</summary>
    HigherIsBetter = 2,

    /// <summary>须相等: a yes/no practice (免费刻章, 全流程电子化) or a value that must be met exactly.</summary>
    MustEqual = 3,
}

/// <summary>
/// 对标指标项: one figure of an indicator's 全省最佳表现 (e.g. 开办企业·办理环节 2 个, lower is better), with the words it was
/// read from. A yes/no metric (<see cref="IsYesNo"/>) is best when 实现 (value 1).
/// </summary>
public class BenchmarkMetric
{
    public const int NameLength = 60;
    public const int UnitLength = 16;
    public const int WordsLength = 300;
    public const int NoteLength = 500;

    public int Id { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    /// <summary>Order within the indicator, as the 全省最佳表现 text reads.</summary>
    public int SortOrder { get; set; }

    /// <summary>指标项, e.g. 办理环节; shown after the indicator's name (开办企业·办理环节).</summary>
    public required string Name { get; set; }

    /// <summary>The province's best: a number, or 1 (实现) for a yes/no metric.</summary>
    public decimal BestValue { get; set; }

    public bool IsYesNo { get; set; }

    /// <summary>个, 天, 小时, 工作日, %, 万元 …; empty for a yes/no metric.</summary>
    public string Unit { get; set; } = "";

    public MetricDirection Direction { get; set; }

    /// <summary>The words of 全省最佳表现 the figure was read from, as written.</summary>
    public required string Words { get; set; }

    /// <summary>Where the document is ambiguous, what was assumed and what to check.</summary>
    public string? Note { get; set; }

    /// <summary>Changes with every correction: a form sent with an older version is refused, not applied over another's change.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    public List<MetricReading> Readings { get; } = [];

    /// <summary>The directions a form offers, by name, and 是/否 (a yes/no metric).</summary>
    public const string YesNoChoice = "YesNo";

    /// <summary>The direction select of the metric forms (the import preview's, the indicator page's): value and words.</summary>
    public static IReadOnlyList<(string Value, string Text)> DirectionChoices { get; } =
    [
        .. new[] { MetricDirection.LowerIsBetter, MetricDirection.HigherIsBetter, MetricDirection.MustEqual }.Select(d => (d.ToString(), d.ToChinese())),
        (YesNoChoice, "是/否（实现即达标）"),
    ];

    /// <summary>A metric's choice in <see cref="DirectionChoices"/>.</summary>
    public static string DirectionChoice(bool yesNo, MetricDirection direction) => yesNo ? YesNoChoice : direction.ToString();

    /// <summary>
    /// A metric as typed in a form (the import preview's corrections, the indicator page's 指标项 form): a name, the best
    /// value as a number (full-width digits allowed; none for 是/否), a unit, a direction by name or <see cref="YesNoChoice"/>.
    /// Refused in Chinese, saying what to type, when it cannot be stored.
    /// </summary>
    public static MetricDocument Typed(string? name, string? words, string? value, string? unit, string? direction, string? note)
    {
        var (yesNo, parsedDirection) = direction switch
        {
            nameof(MetricDirection.LowerIsBetter) => (false, MetricDirection.LowerIsBetter),
            nameof(MetricDirection.HigherIsBetter) => (false, MetricDirection.HigherIsBetter),
            nameof(MetricDirection.MustEqual) => (false, MetricDirection.MustEqual),
            YesNoChoice => (true, MetricDirection.MustEqual),
            _ => throw new RefusedException("方向无法识别，请选择越低越好、越高越好、须相等或是/否。"),
        };

        decimal? best = null;
        if (!yesNo)
        {
            var typed = (value ?? "").Trim().Normalize(System.Text.NormalizationForm.FormKC);
            if (typed.Length is 0 or > 20
                || !decimal.TryParse(typed, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                throw new RefusedException($"全省最佳值“{PlainText.Shorten(typed, 20)}”不是数字。请填写一个不小于 0 的数（如 2 或 0.5），或把方向改为“是/否”。");
            }

            best = number switch
            {
                < 0 => throw new RefusedException($"全省最佳值“{typed}”是负数：请填写不小于 0 的数（天数、个数、比例都不会小于 0）。"),
                >= 100_000_000_000m => throw new RefusedException($"全省最佳值“{typed}”过大：须小于 1000 亿，请核对单位（如“万元”）。"),
                _ when decimal.Round(number, 4) != number => throw new RefusedException($"全省最佳值“{typed}”的小数超过 4 位：请最多保留 4 位小数。"),
                _ => number,
            };
        }

        var metric = new MetricDocument((name ?? "").Trim(), (words ?? "").Trim(), best, yesNo ? null : unit?.Trim(), parsedDirection, yesNo,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        From(metric, 1); // the same checks as storing it: a name, the words, lengths
        return metric;
    }

    /// <summary>
    /// Corrects the metric to <paramref name="source"/>. A metric with readings keeps its kind: its readings are numbers in
    /// its unit or 是/否, and would not mean the same in the other kind.
    /// </summary>
    public void Correct(MetricDocument source, bool hasReadings)
    {
        var corrected = From(source, SortOrder);
        if (hasReadings && corrected.IsYesNo != IsYesNo)
        {
            throw new RefusedException($"“{Name}”已有本县现值，不能在数值与“是/否”之间切换（已填报的值会失去意义）。如确需改变，请新增一个指标项，再删除本项。");
        }

        (Name, Words, BestValue, IsYesNo, Unit, Direction, Note) =
            (corrected.Name, corrected.Words, corrected.BestValue, corrected.IsYesNo, corrected.Unit, corrected.Direction, corrected.Note);
        Version = Guid.NewGuid();
    }

    /// <summary>A metric as a document states it (the seed file, an accepted import suggestion); refused, saying why, when incomplete.</summary>
    public static BenchmarkMetric From(MetricDocument source, int sortOrder)
    {
        var name = source.Name.Trim();
        var words = source.Words.Trim();
        if (name.Length == 0 || words.Length == 0)
        {
            throw new RefusedException("对标指标项须有名称和所依据的“全省最佳表现”原文。");
        }

        FieldLengths.Check(name, NameLength, "指标项名称");
        FieldLengths.Check(words, WordsLength, "指标项原文");
        FieldLengths.Check(source.Unit?.Trim(), UnitLength, "指标项单位");
        FieldLengths.Check(source.Note?.Trim(), NoteLength, "指标项说明");
        if (!source.YesNo && source.Value is null)
        {
            throw new RefusedException($"对标指标项“{name}”缺少全省最佳值：请填写数值，或将其设为“是/否”类指标项。");
        }

        if (!Enum.IsDefined(source.Direction))
        {
            throw new RefusedException($"对标指标项“{name}”的方向无法识别：请选择越低越好、越高越好或须相等。");
        }

        return new BenchmarkMetric
        {
            Name = name,
            Words = words,
            SortOrder = sortOrder,
            IsYesNo = source.YesNo,
            BestValue = source.YesNo ? 1 : source.Value!.Value,
            Unit = source.YesNo ? "" : source.Unit?.Trim() ?? "",
            Direction = source.YesNo ? MetricDirection.MustEqual : source.Direction,
            Note = string.IsNullOrWhiteSpace(source.Note) ? null : source.Note.Trim(),
        };
    }
}

/// <summary>
/// 本县现值: the county's value of a metric for a month, with where it comes from. A correction is a new reading for the same
/// month (the latest counts), so history is kept.
/// </summary>
public partial class MetricReading
{
    public const int SourceLength = 200;

    public long Id { get; set; }

    public int MetricId { get; set; }

    public BenchmarkMetric Metric { get; set; } = null!;

    /// <summary>The month the value is for: its first day.</summary>
    public DateOnly Period { get; set; }

    /// <summary>The value; 1 or 0 (实现/未实现) for a yes/no metric.</summary>
    public decimal Value { get; set; }

    /// <summary>来源: the statistics, system or report the value was taken from.</summary>
    public string? Source { get; set; }

    /// <summary>Optional evidence in the evidence store (its SHA-256 and the uploaded file's name).</summary>
    public string? EvidenceSha256 { get; set; }

    public string? EvidenceName { get; set; }

    public string? RecordedById { get; set; }

    public required string RecordedByName { get; set; }

    public DateTime RecordedAtUtc { get; set; }

    /// <summary>The earliest month a reading may be for.</summary>
    public static readonly DateOnly EarliestPeriod = new(2000, 1, 1);

    /// <summary>
    /// A reading of <paramref name="metric"/> for the month of <paramref name="period"/> as typed: a number (全角 digits,
    /// a trailing unit or % allowed when it is the metric's own), or 是/否 for a yes/no metric; not for a month after
    /// <paramref name="today"/>'s; with its source. Refused in Chinese, saying what to type, otherwise.
    /// </summary>
    public static MetricReading Record(BenchmarkMetric metric, DateOnly period, string? value, string? source, string? byId, string byName, DateTime nowUtc, DateOnly today)
    {
        var month = new DateOnly(period.Year, period.Month, 1);
        if (month < EarliestPeriod || month > new DateOnly(today.Year, today.Month, 1))
        {
            throw new RefusedException($"期间须在 2000年1月 至本月（{today.Year}年{today.Month}月）之间：本县现值只能填报已经到来的月份。");
        }

        var checkedSource = source?.Trim();
        if (string.IsNullOrEmpty(checkedSource))
        {
            throw new RefusedException("请填写来源：这个数值出自哪个统计报表、业务系统或工作报告。");
        }

        FieldLengths.Check(checkedSource, SourceLength, "来源");
        return new MetricReading
        {
            MetricId = metric.Id,
            Metric = metric,
            Period = month,
            Value = ParseValue(metric, value),
            Source = checkedSource,
            RecordedById = byId,
            RecordedByName = byName,
            RecordedAtUtc = nowUtc,
        };
    }

    /// <summary>The month typed as 2026-11 (a month field), 2026年11月, 2026/11 or 2026.11; refused in Chinese otherwise.</summary>
    public static DateOnly ParsePeriod(string? text)
    {
        var value = (text ?? "").Trim().Normalize(System.Text.NormalizationForm.FormKC);
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^(\d{4})(?:-|年|/|\.)(\d{1,2})月?$");
        if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var year and >= 1900 and <= 2099
            && int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var month and >= 1 and <= 12)
        {
            return new DateOnly(year, month, 1);
        }

        throw new RefusedException($"期间“{PlainText.Shorten(value, 20)}”无法识别：请写成 2026-11 或 2026年11月 这样的年月。");
    }

    /// <summary>The value as typed, read as <paramref name="metric"/> is measured; refused in Chinese when it is not a value of it.</summary>
    public static decimal ParseValue(BenchmarkMetric metric, string? typed)
    {
        var text = (typed ?? "").Trim().Normalize(System.Text.NormalizationForm.FormKC); // full-width digits, ％ and ． to ASCII
        if (metric.IsYesNo)
        {
            return text switch
            {
                "是" or "已实现" or "实现" or "有" => 1,
                "否" or "未实现" or "无" => 0,
                _ => throw new RefusedException($"“{metric.Name}”是“是/否”类指标项：本县值请填“是”或“否”。"),
            };
        }

        var unit = metric.Unit.Normalize(System.Text.NormalizationForm.FormKC);
        if (unit.Length > 0 && text.EndsWith(unit, StringComparison.Ordinal))
        {
            text = text[..^unit.Length].TrimEnd();
        }

        // A comma only as a thousands separator (34,299): "1,5" is a slip for 1.5 or 15, not either.
        if (text.Length == 0 || text.Length > 20
            || (text.Contains(',', StringComparison.Ordinal) && !ThousandsGrouped().IsMatch(text))
            || !decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowThousands,
                System.Globalization.CultureInfo.InvariantCulture, out var number)
            || Math.Abs(number) >= 100_000_000_000m)
        {
            throw new RefusedException($"“{metric.Name}”的本县值须是一个数{(unit.Length > 0 ? $"（单位：{metric.Unit}）" : "")}，例如 {BenchmarkRules.Format(metric.BestValue, false)}。");
        }

        // Days, counts, documents and amounts are never below zero; a percentage may be (a year-on-year change).
        if (number < 0 && unit != "%")
        {
            throw new RefusedException($"“{metric.Name}”的本县值不能是负数（单位：{metric.Unit}）。");
        }

        return decimal.Round(number, 4);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex ThousandsGrouped();
}
