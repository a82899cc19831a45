using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.BrowserTests;

/// <summary>
/// 督办通知单 and 月度通报 as the server prints them: built straight from the library (no portal), converted by
/// LibreOffice headless with the free faces standing in for the official ones, and read back with poppler-utils (both
/// installed by scripts/test.sh) for what a reader of the paper would notice: A4, 28 characters a line, the line grid,
/// page numbers outside, the faces used. Each page is also rendered to artifacts/screenshots/gongwen-*.png to look at.
/// </summary>
public partial class OfficialDocumentPdfTests
{
    private const string Office = "临泽县优化营商环境工作领导小组办公室";
    private const string ListTitle = "临泽县优化营商环境对标提升责任清单（2022年）";
    private static readonly DateOnly Today = new(2026, 11, 27);

    /// <summary>A4 in points, and the text block GB/T 9704 leaves inside its margins (28/26 mm left/right, 37/35 mm top/bottom).</summary>
    private const double PageWidth = 595.3, PageHeight = 841.9;
    private const double Mm = 72 / 25.4;

    /// <summary>22 lines in the 225 mm between the margins.</summary>
    private const double LinePitch = 225.0 / 22 * Mm;

    private static readonly Lazy<Task<Rendered>> Notice = new(() => RenderAsync("notice", NoticeDocument.Write(null, NoticeFacts())));
    private static readonly Lazy<Task<Rendered>> Monthly = new(() => RenderAsync("monthly", BulletinDocument.Monthly(null, MonthlyFacts(), Office, Today)));
    private static readonly Lazy<Task<Rendered>> Brief = new(() => RenderAsync("brief", BulletinDocument.Brief(null, BriefFacts(), "张宏伟", Office, Today)));

    private static Lazy<Task<Rendered>> Document(string name) => name switch { "notice" => Notice, "monthly" => Monthly, _ => Brief };

    [Fact]
    public async Task A_leaders_brief_fits_one_page_even_when_much_is_overdue()
    {
        var pdf = await Brief.Value;
        Assert.Single(pdf.Pages);
        AssertA4(pdf);
        var text = string.Join("\n", pdf.Pages[0].Lines.Select(l => l.Text));
        Assert.Contains($"{Leaders[0]}同志分管", text, StringComparison.Ordinal);
        Assert.Contains("另有6个逾期问题", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notice_of_three_problems_is_two_A4_pages_the_signature_not_alone_on_the_second()
    {
        // Each problem's text wraps to four or five lines in the table, so the last paragraph runs over onto page 2.
        var pdf = await Notice.Value;
        Assert.Equal(2, pdf.Pages.Count);
        AssertA4(pdf);
        var second = pdf.Pages[1].Lines.Select(l => l.Text).ToList();
        var signature = second.IndexOf(Office);
        Assert.True(signature >= 1, $"page 2 holds no body text before the signature: {string.Join(" | ", second)}");
        Assert.Equal("2026年11月27日", second[signature + 1]);
    }

    [Fact]
    public async Task The_monthly_bulletin_runs_over_several_A4_pages_repeating_the_table_head()
    {
        var pdf = await Monthly.Value;
        Assert.True(pdf.Pages.Count > 1, $"the 通报 with {MonthlyFacts().Indicators.Count} indicators is {pdf.Pages.Count} page(s)");
        AssertA4(pdf);
        // The 18 indicators' table on one page under its head; the 红色督办 table runs onto the next page, under its head again.
        var indicators = pdf.Pages.FindIndex(p => p.Lines.Exists(l => l.Text == "开办企业"));
        Assert.Contains(pdf.Pages[indicators].Lines, l => l.Text == "包容普惠创新");
        var first = pdf.Pages.FindIndex(p => p.Lines.Exists(l => l.Text.StartsWith("红色督办", StringComparison.Ordinal)));
        Assert.True(first >= 0 && first + 1 < pdf.Pages.Count, "the 红色督办 table does not start before the last page");
        var next = pdf.Pages[first + 1].Lines;
        var row = next.First(l => l.Text.Contains("长期未完成整改", StringComparison.Ordinal) || l.Text.Contains("项长期", StringComparison.Ordinal));
        Assert.Contains(next, l => l.Text == "问题" && l.YMin < row.YMin);
    }

    [Fact]
    public async Task No_punctuation_is_lost_at_the_end_of_a_line()
    {
        var pdf = await Monthly.Value;
        var text = string.Concat(Paragraph(pdf, "各责任单位要对照本通报", "并将整改情况纳入年度考核。").Select(l => l.Text));
        Assert.Contains("县营商办将持续跟踪督办，并将整改情况纳入年度考核。", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notice", "请你单位高度重视", "提请县政府予以通报。", 1)]
    [InlineData("monthly", "各责任单位要对照本通报", "并将整改情况纳入年度考核。", 3)]
    public async Task Body_lines_hold_28_characters_on_a_pitch_of_22_lines_a_page(string document, string first, string last, int cjkLines)
    {
        var pdf = await Document(document).Value;
        var lines = Paragraph(pdf, first, last);
        Assert.True(lines.Count >= 4, $"the paragraph 「{first}…{last}」 is {lines.Count} line(s)");

        // The first line is indented two characters; every full line holds 28. Counted on lines of CJK characters only:
        // digits are narrower (the notice's last paragraph has the reply date in it, so only one of its lines counts);
        // a comma or full stop hung in the right margin, as Word does, is not counted.
        var left = 28 * Mm;
        var right = PageWidth - 26 * Mm;
        string Inside(Line l) => l.XMax > right + 3 && Hung().IsMatch(l.Text) ? l.Text[..^1] : l.Text;
        Assert.Equal(26, Inside(lines[0]).Length);
        var full = lines.Skip(1).SkipLast(1).Where(l => CjkOnly().IsMatch(l.Text)).ToList();
        Assert.True(full.Count >= cjkLines, $"only {full.Count} full line(s) of CJK text in 「{first}…{last}」");
        Assert.All(full, l => Assert.True(Inside(l).Length == 28, $"{Inside(l).Length} characters in 「{l.Text}」"));

        // The first line starts two characters in; every line but the last reaches the right margin, 210 − 26 = 184 mm
        // from the paper's left edge: a line of Chinese text exactly, one with narrower figures less than a character
        // short (LibreOffice sets 正文 flush left: justified, it drops a comma hung at a line's end; PdfConverter.ForLibreOffice).
        Assert.InRange(lines[0].XMin - left, 2 * 15.75 - 1, 2 * 16 + 1);
        Assert.All(lines.Skip(1), l => Assert.InRange(l.XMin, left - 1, left + 1));
        Assert.All(lines.SkipLast(1), l => Assert.InRange(l.XMax, CjkOnly().IsMatch(l.Text) ? right - 2 : right - 16, Hung().IsMatch(l.Text) ? right + 16 : right + 1));

        // Consecutive lines sit one grid line apart: 225 mm / 22 ≈ 28.93 pt.
        var pitches = lines.Zip(lines.Skip(1), (a, b) => b.YMax - a.YMax).Where(d => d > 0).ToList();
        Assert.True(pitches.Count >= 3, "the paragraph does not run over consecutive lines of one page");
        Assert.All(pitches, d => Assert.InRange(d, LinePitch - 0.5, LinePitch + 0.5));
    }

    [Theory]
    [InlineData("notice")]
    [InlineData("monthly")]
    [InlineData("brief")]
    public async Task Pages_are_numbered_at_the_foot_odd_ones_right_even_ones_left(string document)
    {
        var pdf = await Document(document).Value;
        foreach (var page in pdf.Pages)
        {
            var number = page.Lines.SingleOrDefault(l => PageNumber().Match(l.Text) is { Success: true } m && m.Groups[1].Value == page.Number.ToString(CultureInfo.InvariantCulture));
            Assert.True(number is not null, $"no 「— {page.Number} —」 on page {page.Number}: {string.Join(" | ", page.Lines.TakeLast(3).Select(l => l.Text))}");
            // Below the text block (whose foot is 35 mm above the paper's), above the paper's edge.
            Assert.InRange(number.YMin, PageHeight - 35 * Mm, PageHeight - 5 * Mm);
            var middle = (number.XMin + number.XMax) / 2;
            if (page.Number % 2 == 1)
            {
                Assert.True(middle > PageWidth / 2 + 100, $"page {page.Number}'s number is at x = {middle:0} pt, not on the right");
                Assert.InRange(number.XMax, PageWidth - 26 * Mm - 20, PageWidth - 26 * Mm + 1);
            }
            else
            {
                Assert.True(middle < PageWidth / 2 - 100, $"page {page.Number}'s number is at x = {middle:0} pt, not on the left");
                Assert.InRange(number.XMin, 28 * Mm - 1, 28 * Mm + 20);
            }
        }
    }

    [Theory]
    [InlineData("notice")]
    [InlineData("monthly")]
    [InlineData("brief")]
    public async Task The_official_faces_are_printed_in_Noto_CJK_not_a_fallback(string document)
    {
        var pdf = await Document(document).Value;
        var fonts = Run("pdffonts", pdf.Path).Split('\n').Skip(2).Select(l => l.Split(' ', 2)[0]).Where(n => n.Length > 0).ToList();
        Assert.Contains(fonts, f => f.Contains("NotoSerifCJK", StringComparison.Ordinal));
        Assert.DoesNotContain(fonts, f => f.Contains("DejaVu", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(fonts, f => f.Contains("Droid", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("notice")]
    [InlineData("monthly")]
    [InlineData("brief")]
    public async Task Every_page_is_rendered_for_a_reader_to_look_at(string document)
    {
        var pdf = await Document(document).Value;
        Assert.Equal(pdf.Pages.Count, pdf.Images.Count);
        Assert.All(pdf.Images, png => Assert.True(new FileInfo(png).Length > 20_000, $"{png} is {new FileInfo(png).Length} bytes"));
    }

    [Fact]
    public async Task Without_LibreOffice_the_converter_says_so_in_Chinese()
    {
        var converter = new PdfConverter(Options.Create(new DocumentOptions { LibreOfficePath = "/nonexistent/libreoffice/soffice" }), NullLogger<PdfConverter>.Instance);
        Assert.False(converter.IsAvailable);
        var refused = await Assert.ThrowsAsync<PdfUnavailableException>(() => converter.ConvertAsync(NoticeDocument.Write(null, NoticeFacts())));
        Assert.Contains("LibreOffice", refused.Message, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}{4}", refused.Message);
    }

    private static void AssertA4(Rendered pdf)
    {
        var sizes = Run("pdfinfo", "-f", "1", "-l", $"{pdf.Pages.Count}", pdf.Path).Split('\n').Where(l => l.StartsWith("Page", StringComparison.Ordinal) && l.Contains("size:", StringComparison.Ordinal)).ToList();
        Assert.Equal(pdf.Pages.Count, sizes.Count);
        Assert.All(sizes, s => Assert.Matches(@"size:\s+595\.\d+ x 841\.\d+ pts", s));
    }

    /// <summary>The lines of the body paragraph that starts with <paramref name="first"/> and ends with <paramref name="last"/>, page numbers left out.</summary>
    private static List<Line> Paragraph(Rendered pdf, string first, string last)
    {
        var lines = pdf.Pages.SelectMany(p => p.Lines).Where(l => l.YMin < PageHeight - 35 * Mm).ToList();
        var start = lines.FindIndex(l => l.Text.StartsWith(first, StringComparison.Ordinal));
        Assert.True(start >= 0, $"「{first}」 not found in {pdf.Path}");
        var end = lines.FindIndex(start, l => l.Text.EndsWith(last, StringComparison.Ordinal));
        Assert.True(end >= 0, $"「{last}」 not found after 「{first}」 in {pdf.Path}");
        return lines[start..(end + 1)];
    }

    private static async Task<Rendered> RenderAsync(string name, byte[] docx)
    {
        var converter = new PdfConverter(Options.Create(new DocumentOptions()), NullLogger<PdfConverter>.Instance);
        Assert.True(converter.IsAvailable, "LibreOffice (soffice) is not installed: scripts/test.sh installs libreoffice-writer-nogui");
        var folder = RepoPaths.Artifacts("screenshots");
        var path = Path.Combine(folder, $"gongwen-{name}.pdf");
        await File.WriteAllBytesAsync(Path.Combine(folder, $"gongwen-{name}.docx"), docx);
        await File.WriteAllBytesAsync(path, await converter.ConvertAsync(docx));

        var info = Run("pdfinfo", path);
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        var images = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var prefix = Path.Combine(folder, $"gongwen-{name}-{page}");
            File.Delete(prefix + ".png");
            Run("pdftoppm", "-r", "80", "-png", "-f", $"{page}", "-l", $"{page}", "-singlefile", path, prefix);
            Assert.True(File.Exists(prefix + ".png"), $"pdftoppm wrote no {prefix}.png");
            images.Add(prefix + ".png");
        }

        return new Rendered(path, ReadLines(Run("pdftotext", "-bbox-layout", path, "-")), images);
    }

    /// <summary>Each page's lines of text with their boxes (points from the top left), in reading order, spaces removed.</summary>
    private static List<Page> ReadLines(string bbox)
    {
        using var reader = XmlReader.Create(new StringReader(bbox), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var html = XDocument.Load(reader);
        static double At(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);
        return html.Descendants().Where(e => e.Name.LocalName == "page").Select((page, i) => new Page(i + 1,
            [.. page.Descendants().Where(e => e.Name.LocalName == "line").Select(line => new Line(
                string.Concat(line.Elements().Where(w => w.Name.LocalName == "word").Select(w => Regex.Replace(w.Value, @"\s+", ""))),
                At(line, "xMin"), At(line, "yMin"), At(line, "xMax"), At(line, "yMax")))])).ToList();
    }

    /// <summary>Runs a tool (poppler-utils, installed by scripts/test.sh) with at most a minute to finish; its standard output.</summary>
    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{tool} could not be started ({ex.Message}): scripts/test.sh installs poppler-utils");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} {string.Join(' ', arguments)} took longer than 60 s");
            }

            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
            return output.Result;
        }
    }

    private static NoticeDocument.Facts NoticeFacts() => new(Office, "临营商督〔2026〕3号", "县市场监督管理局", ListTitle, Today.AddDays(7), Today,
    [
        new(101, "1-2", "开办企业", "企业开办全流程办理时间仍需2个工作日，未实现“一日办结”，线上“一网通办”使用率偏低。",
            ProblemStatus.InProgress, false, 7, new DateOnly(2026, 9, 30), 60, 58, UrgeLevel.Red, ListTitle),
        new(102, "16-1", "知识产权创造、保护和运用", "知识产权纠纷快速处理机制尚未建立，商标、专利侵权案件平均办结时间较长。",
            ProblemStatus.InProgress, false, 7, new DateOnly(2026, 11, 10), 40, 17, UrgeLevel.Yellow, ListTitle),
        new(103, "17-3", "市场监管", "“双随机、一公开”跨部门联合抽查占比不足，信用分级分类监管结果应用不充分。",
            ProblemStatus.NotStarted, false, 7, new DateOnly(2026, 12, 31), 10, null, null, ListTitle),
    ]);

    private static readonly string[] IndicatorNames =
    [
        "开办企业", "办理建筑许可", "获得电力", "获得用水用气", "登记财产", "获得信贷", "保护中小投资者", "纳税", "跨境贸易",
        "执行合同", "办理破产", "劳动力市场监管", "政府采购", "招标投标", "政务服务", "知识产权创造、保护和运用", "市场监管", "包容普惠创新",
    ];

    private static readonly string[] Leaders = ["张宏伟", "李国强", "王晓东", "赵明远", "陈立新", "刘永胜"];

    private static BulletinFacts MonthlyFacts()
    {
        var indicators = IndicatorNames.Select((name, i) => new BulletinIndicator(i + 1, name, Leaders[i % Leaders.Length],
            2 + (i * 5 % 4), 1 + (i % 3), i % 2, i % 4 == 0 ? 1 : 0, 1 + (i * 7 % 5))).ToList();
        List<BulletinUnit> units =
        [
            new("县政务服务中心", 6, 6, 0, 100, false, 1, ScoreboardStanding.Red),
            new("县税务局", 3, 3, 0, 100, false, 2, ScoreboardStanding.Red),
            new("县自然资源局", 4, 3, 0, 100, false, 3, ScoreboardStanding.Red),
            new("县人力资源和社会保障局", 3, 1, 0, 50, false, 8, ScoreboardStanding.Middle),
            new("县住房和城乡建设局", 5, 2, 2, 50, false, 14, ScoreboardStanding.Black),
            new("国网临泽县供电公司", 3, 1, 1, null, true, 15, ScoreboardStanding.Black),
            new("县市场监督管理局", 5, 1, 2, 0, false, 16, ScoreboardStanding.Black),
        ];
        List<BulletinOverdue> overdue =
        [
            new("1-2", "开办企业", "企业开办全流程办理时间仍需2个工作日，未实现“一日办结”。", "县市场监督管理局", new DateOnly(2026, 9, 30), 58, UrgeLevel.Red),
            new("2-1", "办理建筑许可", "社会投资简易低风险项目审批未实现“一站式”办理，联合验收推进缓慢。", "县住房和城乡建设局", new DateOnly(2026, 10, 15), 43, UrgeLevel.Red),
            new("3-2", "获得电力", "低压小微企业接电平均时间超过全省平均水平，“三零”服务覆盖不足。", "国网临泽县供电公司", new DateOnly(2026, 10, 31), 27, UrgeLevel.Yellow),
            new("16-1", "知识产权创造、保护和运用", "知识产权纠纷快速处理机制尚未建立。", "县市场监督管理局", new DateOnly(2026, 11, 10), 17, UrgeLevel.Yellow),
            new("2-4", "办理建筑许可", "施工图审查结果未与审批系统共享，企业仍需重复提交纸质材料。", "县住房和城乡建设局", new DateOnly(2026, 11, 20), 7, UrgeLevel.Blue),
            new("12-2", "劳动力市场监管", "劳动人事争议仲裁案件网上立案率偏低。", "县人力资源和社会保障局", new DateOnly(2026, 11, 24), 3, UrgeLevel.Blue),
            // A county a year behind: enough 红色督办 problems for their table to run onto the next page.
            .. Enumerable.Range(1, 16).Select(i => new BulletinOverdue($"{i % 18 + 1}-{i + 4}", IndicatorNames[i % 18],
                $"第{i}项长期未完成整改的问题，涉及审批环节多、材料多、办理时间长，企业反映强烈。", "县政务服务中心", new DateOnly(2026, 8, i), 100 - i, UrgeLevel.Red)),
        ];
        return new BulletinFacts(1, ListTitle, new DateOnly(2026, 11, 1), Today, new BulletinFigures(46, 21, 6), new BulletinFigures(46, 15, 9), 38, 6,
            indicators, units, overdue, [], 0, 0);
    }

    /// <summary>One leader's five indicators, twelve problems overdue and six metrics behind: more than a page would hold whole.</summary>
    private static BulletinFacts BriefFacts()
    {
        var indicators = IndicatorNames.Take(5).Select((name, i) => new BulletinIndicator(i + 1, name, Leaders[0], 4 + i, i, i % 2, 2, 3 + i)).ToList();
        var overdue = Enumerable.Range(1, 12).Select(i => new BulletinOverdue($"{i % 5 + 1}-{i}", IndicatorNames[i % 5],
            $"第{i}个逾期问题：审批环节多、申请材料多、办理时间长，企业群众反映强烈，需要加快整改。", "县政务服务中心", new DateOnly(2026, 9, i), 70 - i,
            i < 5 ? UrgeLevel.Red : i < 9 ? UrgeLevel.Yellow : UrgeLevel.Blue)).ToList();
        var metrics = Enumerable.Range(1, 6).Select(i => new BulletinMetric(IndicatorNames[i % 5], $"办理环节{i}", $"{i}个", $"{i + 3}个", $"多{3}个")).ToList();
        return new BulletinFacts(1, ListTitle, new DateOnly(2026, 11, 1), Today, new BulletinFigures(30, 10, 12), new BulletinFigures(30, 7, 10), 25, 3,
            indicators, [], overdue, metrics, 12, 2);
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    /// <summary>— 1 — as pdftotext reads it: dashes (em, en, horizontal bar, full-width hyphen) either side of the number.</summary>
    [GeneratedRegex(@"^[—–―－-]{1,2}(\d+)[—–―－-]{1,2}$")]
    private static partial Regex PageNumber();

    /// <summary>A line of CJK characters and full-width punctuation only.</summary>
    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\p{IsHalfwidthandFullwidthForms}“”‘’、…]+$")]
    private static partial Regex CjkOnly();

    /// <summary>A line ending in the punctuation a layout may hang past the right margin.</summary>
    [GeneratedRegex(@"[，。、；：！？”’）》]$")]
    private static partial Regex Hung();

    private sealed record Rendered(string Path, List<Page> Pages, List<string> Images);

    private sealed record Page(int Number, List<Line> Lines);

    private sealed record Line(string Text, double XMin, double YMin, double XMax, double YMax);
}
