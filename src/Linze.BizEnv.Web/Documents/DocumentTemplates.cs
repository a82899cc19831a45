using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Documents;

/// <summary>The 公文 the portal writes, each from a template the county office may edit.</summary>
public enum TemplateKind
{
    Notice = 1,
    Monthly = 2,
    LeaderBrief = 3,
}

/// <summary>A placeholder of a template: {{名称}} in a paragraph, or (a block) a paragraph of its own replaced by tables or paragraphs.</summary>
public sealed record Placeholder(string Name, string Meaning, bool IsBlock = false, bool Required = false);

/// <summary>What fills a template: the words for each text placeholder, the tables and paragraphs for each block.</summary>
public sealed class DocumentFill
{
    public Dictionary<string, string> Text { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<OpenXmlElement>> Blocks { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Templates: a .docx whose paragraphs hold the wording and {{placeholders}}. The defaults are text files in the repository
/// (Documents/Templates/*.txt, one paragraph a line, [样式] naming its style); the office downloads one as .docx, edits it in
/// WPS or Word and uploads it back (kept in the database, <see cref="StoredTemplate"/>). The layout is never the
/// template's: a document takes the template's paragraphs and tables and gets its styles, page and footers from
/// <see cref="OfficialLayout"/>, so an edited template cannot leave GB/T 9704 (ADR-0022).
/// </summary>
public static partial class DocumentTemplates
{
    /// <summary>An uploaded template may be this large (a page of text in Word is about 15 KB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Unpacked, its parts together may be this large: more is a zip bomb, not a template.</summary>
    private const long MaxUnpackedBytes = 20L * 1024 * 1024;

    /// <summary>The wording of a template may be this long.</summary>
    public const int MaxTextLength = 20_000;

    private static readonly Placeholder[] Common =
    [
        new("发文机关", "发文机关名称（配置项 Documents:IssuingOffice）"),
        new("落款单位", "落款的发文机关署名"),
        new("成文日期", "成文日期，如 2026年11月27日"),
        new("清单名称", "责任清单的名称"),
    ];

    public static readonly IReadOnlyDictionary<TemplateKind, IReadOnlyList<Placeholder>> Placeholders = new Dictionary<TemplateKind, IReadOnlyList<Placeholder>>
    {
        [TemplateKind.Notice] =
        [
            .. Common,
            new("发文字号", "发文字号，如 临营商督〔2026〕3号", Required: true),
            new("主送单位", "被督办的责任单位", Required: true),
            new("问题数", "督办的问题个数"),
            new("回复期限", "要求书面回复的日期", Required: true),
            new("问题表", "督办问题表（问题、整改时限、逾期天数、督办等级）", IsBlock: true, Required: true),
        ],
        [TemplateKind.Monthly] =
        [
            .. Common,
            new("通报期号", "通报的期号，如 2026年第11期"),
            new("通报月份", "通报的月份，如 2026年11月"),
            new("截至日期", "数据截至的日期"),
            new("总体情况", "总体情况一段：问题总数、销号、逾期及与上月相比的变化", Required: true),
            new("指标进展表", "各指标推进情况表", IsBlock: true, Required: true),
            new("红榜", "红榜单位表", IsBlock: true),
            new("黑榜", "黑榜单位表", IsBlock: true),
            new("逾期问题", "逾期问题按督办等级列表", IsBlock: true),
            new("对标差距", "差距最大的对标指标项", IsBlock: true),
        ],
        [TemplateKind.LeaderBrief] =
        [
            .. Common,
            new("领导姓名", "责任领导姓名", Required: true),
            new("截至日期", "数据截至的日期"),
            new("总体情况", "分管指标的总体情况一段", Required: true),
            new("指标表", "分管指标的进展表", IsBlock: true, Required: true),
            new("逾期问题", "分管指标的逾期问题", IsBlock: true),
            new("对标差距", "分管指标差距最大的对标指标项", IsBlock: true),
        ],
    };

    /// <summary>The paragraph styles a default template names, by the words it uses for them.</summary>
    private static readonly Dictionary<string, string> StyleWords = new(StringComparer.Ordinal)
    {
        ["发文机关标志"] = OfficialLayout.Styles.Issuer,
        ["发文字号"] = OfficialLayout.Styles.Number,
        ["标题"] = OfficialLayout.Styles.Title,
        ["副标题"] = OfficialLayout.Styles.Subtitle,
        ["主送"] = OfficialLayout.Styles.Addressee,
        ["一级标题"] = OfficialLayout.Styles.Heading1,
        ["二级标题"] = OfficialLayout.Styles.Heading2,
        ["落款"] = OfficialLayout.Styles.Signature,
        ["日期"] = OfficialLayout.Styles.Date,
        ["正文"] = OfficialLayout.Styles.Body,
    };

    public static string ToChinese(this TemplateKind kind) => kind switch
    {
        TemplateKind.Notice => "督办通知单",
        TemplateKind.Monthly => "月度工作进展通报",
        TemplateKind.LeaderBrief => "领导简报",
        _ => kind.ToString(),
    };

    /// <summary>The default wording, as kept in the repository.</summary>
    public static string DefaultText(TemplateKind kind)
    {
        var name = $"Linze.BizEnv.Web.Documents.Templates.{kind.ToString().ToLowerInvariant()}.txt";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The default template {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The default template as the .docx the office downloads to edit.</summary>
    public static byte[] Default(TemplateKind kind)
    {
        using var stream = new MemoryStream();
        OfficialLayout.Write(stream, FromText(DefaultText(kind)), kind.ToChinese() + "模板");
        return stream.ToArray();
    }

    /// <summary>A template's lines as paragraphs: [样式] at a line's start names its style; lines starting with # are notes.</summary>
    public static List<OpenXmlElement> FromText(string text) =>
        [.. text.ReplaceLineEndings("\n").Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => StyleLine().Match(line) is { Success: true } m && StyleWords.TryGetValue(m.Groups["style"].Value, out var style)
                ? DocumentParts.Paragraph(style, m.Groups["text"].Value)
                : DocumentParts.Body(line))];

    /// <summary>
    /// Refuses, saying why in words the office can act on, an upload that is not a template of <paramref name="kind"/>:
    /// too large, not a Word document, pictures or objects in it, an unknown or a missing placeholder, a block placeholder
    /// sharing its paragraph.
    /// </summary>
    public static void Check(TemplateKind kind, byte[] content)
    {
        var body = ReadBody(content);
        var known = Placeholders[kind].ToDictionary(p => p.Name);
        var found = new List<(string Name, bool Alone, bool InTable)>();
        foreach (var (paragraph, inTable) in body.SelectMany(e => e is Paragraph p ? [(p, false)] : e.Descendants<Paragraph>().Select(p => (p, true))))
        {
            // What filling sees: the paragraph's own runs (a placeholder anywhere else would be printed as typed).
            var text = RunText(paragraph);
            found.AddRange(PlaceholderPattern().Matches(text).Select(m => (m.Groups["name"].Value, text.Trim() == m.Value, inTable)));
            var hidden = PlaceholderPattern().Matches(paragraph.InnerText).Count - PlaceholderPattern().Matches(text).Count;
            if (hidden > 0)
            {
                throw new RefusedException($"模板中“{PlainText.Shorten(paragraph.InnerText, 19)}”一段的占位符放在了域、批注或其他控件里，生成时无法替换。请把占位符作为普通文字输入。");
            }
        }

        if (body.Sum(e => e.InnerText.Length) > MaxTextLength)
        {
            throw new RefusedException($"模板的文字超过 {MaxTextLength} 个字，请精简后再上传。");
        }

        var unknown = found.Select(f => f.Name).Where(n => !known.ContainsKey(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new RefusedException($"模板中有无法识别的占位符：{string.Join("、", unknown.Take(5).Select(n => "{{" + n + "}}"))}。"
                + $"{kind.ToChinese()}可用的占位符：{string.Join("、", known.Keys.Select(n => "{{" + n + "}}"))}。");
        }

        var missing = known.Values.Where(p => p.Required && !found.Exists(f => f.Name == p.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new RefusedException($"模板缺少必需的占位符：{string.Join("、", missing.Select(p => $"{{{{{p.Name}}}}}（{p.Meaning}）"))}。请从“下载当前模板”得到的文件改起。");
        }

        var inTables = found.Where(f => known[f.Name].IsBlock && f.InTable).Select(f => f.Name).Distinct().ToList();
        if (inTables.Count > 0)
        {
            throw new RefusedException($"占位符 {string.Join("、", inTables.Select(n => "{{" + n + "}}"))} 会被整张表格替换，不能放在表格里，须在正文中单独占一段。");
        }

        var shared = found.Where(f => known[f.Name].IsBlock && !f.Alone).Select(f => f.Name).Distinct().ToList();
        if (shared.Count > 0)
        {
            throw new RefusedException($"占位符 {string.Join("、", shared.Select(n => "{{" + n + "}}"))} 会被整张表格替换，须单独占一段，前后不能有其他文字。");
        }
    }

    /// <summary>
    /// The document: <paramref name="template"/> (null: the default), every placeholder filled from <paramref name="fill"/>,
    /// laid out by <see cref="OfficialLayout"/>.
    /// </summary>
    public static byte[] Render(TemplateKind kind, byte[]? template, DocumentFill fill, string title)
    {
        var blocks = Placeholders[kind].Where(p => p.IsBlock).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var content = new List<OpenXmlElement>();
        foreach (var element in template is null ? FromText(DefaultText(kind)) : ReadBody(template))
        {
            if (element is Paragraph p && PlaceholderPattern().Match(p.InnerText.Trim()) is { Success: true } m && m.Value == p.InnerText.Trim()
                && blocks.Contains(m.Groups["name"].Value))
            {
                content.AddRange(fill.Blocks.TryGetValue(m.Groups["name"].Value, out var replacement) ? replacement.Select(r => r.CloneNode(true)) : []);
                continue;
            }

            foreach (var paragraph in element is Paragraph own ? [own] : element.Descendants<Paragraph>().ToList())
            {
                FillText(paragraph, fill);
            }

            content.Add(element);
        }

        using var stream = new MemoryStream();
        OfficialLayout.Write(stream, content, title);
        return stream.ToArray();
    }

    /// <summary>
    /// Replaces the {{placeholders}} of one paragraph. Word splits what was typed into several runs, so a paragraph
    /// holding a placeholder becomes one run with its first run's formatting.
    /// </summary>
    private static void FillText(Paragraph paragraph, DocumentFill fill)
    {
        var runs = paragraph.Elements<Run>().ToList();
        var text = RunText(paragraph);
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return;
        }

        var filled = PlaceholderPattern().Replace(text, m => fill.Text.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);
        runs[0].InsertBeforeSelf(DocumentParts.Run(filled, (RunProperties?)runs[0].RunProperties?.CloneNode(true)));
        foreach (var old in runs)
        {
            old.Remove();
        }
    }

    /// <summary>The text of a paragraph's own runs, as filling reads and rewrites it.</summary>
    private static string RunText(Paragraph paragraph) =>
        string.Concat(paragraph.Elements<Run>().Select(r => string.Concat(r.Elements().Select(e => e switch { Text t => t.Text, Break => "\n", TabChar => " ", _ => "" }))));

    /// <summary>
    /// The paragraphs and tables of a template's body, cut loose from its package: what refers to another part of it
    /// (numbering, comments, footnotes, a hyperlink's address, a section break) is dropped, keeping the text; pictures and
    /// embedded objects are refused.
    /// </summary>
    private static List<OpenXmlElement> ReadBody(byte[] content)
    {
        const string notWord = "上传的文件不是有效的 Word 文档（.docx）。请用 WPS 或 Word 打开模板，修改后以 .docx 格式保存再上传（不支持 .doc 和 .wps）。";
        if (content.Length == 0 || content.Length > MaxBytes)
        {
            throw new RefusedException(content.Length == 0 ? "上传的模板是空文件。" : $"模板文件不能超过 {MaxBytes / 1024} KB。");
        }

        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
                {
                    throw new RefusedException("模板文件解压后过大，不像是一份公文模板。请从“下载当前模板”得到的文件改起。");
                }
            }

            using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new RefusedException(notWord);
            if (body.Descendants<Drawing>().Any() || body.Descendants<Picture>().Any() || body.Descendants<EmbeddedObject>().Any() || body.Descendants<AltChunk>().Any())
            {
                throw new RefusedException("模板中不能含图片、文本框、艺术字或嵌入的对象，请删除后再上传。版头和红线由平台按国家标准生成。");
            }

            var elements = Blocks(body).Select(e => e.CloneNode(true)).ToList();
            foreach (var element in elements)
            {
                Loosen(element);
            }

            return elements;
        }
        catch (Exception ex) when (ex is not RefusedException && ex is InvalidDataException or OpenXmlPackageException or System.Xml.XmlException or FileFormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new RefusedException(notWord);
        }
    }

    /// <summary>The body's paragraphs and tables, those inside block-level content controls and custom XML included.</summary>
    private static IEnumerable<OpenXmlElement> Blocks(OpenXmlElement parent)
    {
        foreach (var child in parent.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    foreach (var inner in Blocks(content))
                    {
                        yield return inner;
                    }

                    break;
                case CustomXmlBlock custom:
                    foreach (var inner in Blocks(custom))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private static void Loosen(OpenXmlElement element)
    {
        // Runs wrapped in a hyperlink, a tracked insertion or a content control: the runs stay, the wrapper goes.
        // (A simple field keeps its shown result; its instruction goes.)
        foreach (var wrapper in element.Descendants().Where(e => e is Hyperlink or InsertedRun or SdtRun or SimpleField or CustomXmlRun).Reverse().ToList())
        {
            var runs = wrapper switch
            {
                SdtRun sdt => sdt.SdtContentRun?.ChildElements.ToList() ?? [],
                _ => wrapper.ChildElements.Where(c => c is not FieldData and not CustomXmlProperties).ToList(),
            };
            foreach (var child in runs)
            {
                child.Remove();
                wrapper.InsertBeforeSelf(child);
            }

            wrapper.Remove();
        }

        // What points into the template's own package, and tracked deletions (a template's changes count as accepted).
        var dangling = element.Descendants().Where(e => e is NumberingProperties or SectionProperties or CommentRangeStart or CommentRangeEnd or CommentReference
            or FootnoteReference or EndnoteReference or SubDocumentReference or ParagraphPropertiesChange or RunPropertiesChange or DeletedRun).ToList();
        foreach (var e in dangling)
        {
            e.Remove();
        }

        // Wording as a document may print it: no control characters, bidi overrides or invisible characters.
        foreach (var text in element.Descendants<Text>())
        {
            text.Text = PlainText.WithoutInvisible(DocumentParts.Printable(text.Text));
        }

        // A style the portal's layout does not define falls back to 正文.
        var styles = typeof(OfficialLayout.Styles).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        foreach (var style in element.Descendants<ParagraphStyleId>().Where(s => s.Val?.Value is not { } id || !styles.Contains(id)).ToList())
        {
            style.Remove();
        }

        foreach (var style in element.Descendants<RunStyle>().ToList())
        {
            style.Remove();
        }
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[^{}\s]{1,20})\s*\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^\[(?<style>[^\]]{1,10})\](?<text>.*)$")]
    private static partial Regex StyleLine();
}
