using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Linze.BizEnv.Web.Documents;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.UnitTests.Documents;

/// <summary>The office's templates: the defaults, what an edited one may hold, and the documents filled from them.</summary>
public class DocumentTemplatesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static byte[] Docx(params OpenXmlElement[] content)
    {
        using var stream = new MemoryStream();
        OfficialLayout.Write(stream, content, "模板");
        return stream.ToArray();
    }

    private static byte[] EditedDefault(TemplateKind kind, Func<string, string> edit) =>
        Docx([.. DocumentTemplates.FromText(edit(DocumentTemplates.DefaultText(kind)))]);

    private static string Text(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText));
    }

    private static List<string> Errors(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return [.. new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")];
    }

    private static NoticeDocument.Facts Notice() => new("临泽县优化营商环境工作领导小组办公室", "临营商督〔2026〕7号", "县市场监管局", "临泽县优化营商环境对标提升责任清单",
        new DateOnly(2026, 12, 4), Today,
        [
            new NoticeProblem(1, "1-1", "开办企业", "企业开办刻章费用为110-280元不等，未实现免费刻章。", ProblemStatus.InProgress, false, 1, new DateOnly(2026, 10, 1), 40, 57, UrgeLevel.Red, "清单"),
            new NoticeProblem(2, "1-2", "开办企业", "银行开户时间较长。", ProblemStatus.InProgress, false, 1, null, 0, null, null, "清单"),
        ]);

    private static BulletinFacts Bulletin() => new(1, "临泽县优化营商环境对标提升责任清单", new DateOnly(2026, 11, 1), Today,
        new BulletinFigures(44, 10, 3), new BulletinFigures(44, 6, 5), 12, 4,
        [new BulletinIndicator(1, "开办企业", "周延年", 4, 2, 1, 1, 5), new BulletinIndicator(2, "办理建筑许可", "周延年", 3, 0, 0, 2, 0)],
        [
            new BulletinUnit("县市场监管局", 4, 2, 0, 100, false, 1, ScoreboardStanding.Red),
            new BulletinUnit("县住建局", 3, 0, 2, null, true, 2, ScoreboardStanding.Black),
        ],
        [new BulletinOverdue("2-1", "办理建筑许可", "承诺制办理事项不清楚。", "县住建局", new DateOnly(2026, 9, 30), 58, UrgeLevel.Red)],
        [], 0, 0);

    [Theory]
    [InlineData(TemplateKind.Notice)]
    [InlineData(TemplateKind.Monthly)]
    [InlineData(TemplateKind.LeaderBrief)]
    public void Each_default_template_downloads_as_a_valid_docx_that_passes_its_own_upload_check(TemplateKind kind)
    {
        var template = DocumentTemplates.Default(kind);
        Assert.Empty(Errors(template));
        DocumentTemplates.Check(kind, template);
        Assert.All(DocumentTemplates.Placeholders[kind].Where(p => p.Required), p => Assert.Contains("{{" + p.Name + "}}", Text(template), StringComparison.Ordinal));
    }

    [Fact]
    public void A_notice_fills_every_placeholder_and_passes_the_validator()
    {
        var docx = NoticeDocument.Write(null, Notice());
        Assert.Empty(Errors(docx));
        var text = Text(docx);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Contains("临营商督〔2026〕7号", text, StringComparison.Ordinal);
        Assert.Contains("县市场监管局：", text, StringComparison.Ordinal);
        Assert.Contains("于2026年12月4日前", text, StringComparison.Ordinal);
        Assert.Contains("2026年11月27日", text, StringComparison.Ordinal);
        Assert.Contains("57天", text, StringComparison.Ordinal);
        Assert.Contains("红色督办", text, StringComparison.Ordinal);
        Assert.Contains("进展滞后", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_monthly_bulletin_and_a_brief_fill_every_placeholder_and_pass_the_validator()
    {
        var monthly = BulletinDocument.Monthly(null, Bulletin(), "临泽县优化营商环境工作领导小组办公室", Today);
        Assert.Empty(Errors(monthly));
        var text = Text(monthly);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Contains("已销号10个，销号率22%，较上月末增加4个", text, StringComparison.Ordinal);
        Assert.Contains("逾期未销号3个，较上月末减少2个", text, StringComparison.Ordinal);
        Assert.Contains("2026年第11期", text, StringComparison.Ordinal);
        Assert.Contains("红色督办1个", text, StringComparison.Ordinal);
        Assert.Contains("超期未报送进展", text, StringComparison.Ordinal);
        Assert.Contains("尚未设置对标指标项", text, StringComparison.Ordinal);

        var brief = BulletinDocument.Brief(null, Bulletin(), "周延年", "临泽县优化营商环境工作领导小组办公室", Today);
        Assert.Empty(Errors(brief));
        Assert.Contains("周延年同志分管2项指标", Text(brief), StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_Word_split_across_runs_is_filled_with_the_first_runs_formatting()
    {
        var split = new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = OfficialLayout.Styles.Number }),
            new Run(new RunProperties(new Bold()), new Text("文号：{{发")),
            new ProofError { Type = ProofingErrorValues.SpellStart },
            new Run(new RunProperties(new Italic()), new Text("文字")),
            new Run(new Text("号}}")));
        var lines = DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice)).Where(e => !e.InnerText.Contains("{{发文字号}}", StringComparison.Ordinal)).ToList();
        lines.Insert(1, split);
        var template = Docx([.. lines]);
        DocumentTemplates.Check(TemplateKind.Notice, template);

        var docx = NoticeDocument.Write(template, Notice());
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var filled = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Single(p => p.InnerText.StartsWith("文号：", StringComparison.Ordinal));
        Assert.Equal("文号：临营商督〔2026〕7号", filled.InnerText);
        Assert.NotNull(filled.Elements<Run>().Single().RunProperties!.Bold);
    }

    [Fact]
    public void The_offices_wording_is_kept_but_the_layout_is_always_the_standards()
    {
        var template = EditedDefault(TemplateKind.Notice, t => t.Replace("请你单位高度重视", "请你单位务必高度重视", StringComparison.Ordinal));
        // The office's copy was saved on Letter paper with narrow margins.
        using (var stream = new MemoryStream())
        {
            stream.Write(template);
            using (var document = WordprocessingDocument.Open(stream, true))
            {
                var section = document.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
                section.GetFirstChild<PageSize>()!.Width = 12240;
                section.GetFirstChild<PageMargin>()!.Left = 720;
            }

            template = stream.ToArray();
        }

        var docx = NoticeDocument.Write(template, Notice());
        Assert.Contains("请你单位务必高度重视", Text(docx), StringComparison.Ordinal);
        using var written = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var page = written.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
        Assert.Equal((uint)OfficialLayout.PageWidth, page.GetFirstChild<PageSize>()!.Width!.Value);
        Assert.Equal((uint)OfficialLayout.MarginLeft, page.GetFirstChild<PageMargin>()!.Left!.Value);
    }

    [Fact]
    public void Placeholders_in_fields_content_controls_and_custom_XML_are_filled_and_invisible_characters_dropped()
    {
        var lines = DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice))
            .Where(e => !e.InnerText.Contains("{{发文字号}}", StringComparison.Ordinal) && !e.InnerText.Contains("{{主送单位}}", StringComparison.Ordinal)
                && e.InnerText != "督办通知单")
            .ToList();
        lines.Insert(1, new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = OfficialLayout.Styles.Number }),
            new SimpleField(new Run(new Text("{{发文字号}}"))) { Instruction = " QUOTE x " }));
        lines.Insert(2, new SdtBlock(new SdtContentBlock(DocumentParts.Paragraph(OfficialLayout.Styles.Title, "督办\u202e\u200b通知单\u0085"))));
        lines.Insert(3, new Paragraph(new CustomXmlRun(new Run(new Text("{{主送单位}}："))) { Element = "addressee" }));
        var template = Docx([.. lines]);
        DocumentTemplates.Check(TemplateKind.Notice, template);

        var text = Text(NoticeDocument.Write(template, Notice()));
        Assert.Contains("临营商督〔2026〕7号", text, StringComparison.Ordinal);
        Assert.Contains("县市场监管局：", text, StringComparison.Ordinal);
        Assert.Contains("\n督办通知单\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "not a zip", "不是有效的 Word 文档" },
        { "a workbook", "不是有效的 Word 文档" },
        { "unknown placeholder", "无法识别的占位符：{{文号}}" },
        { "missing placeholder", "缺少必需的占位符：{{问题表}}" },
        { "shared block", "须单独占一段" },
        { "block in a table", "不能放在表格里" },
        { "placeholder in a comment", "生成时无法替换" },
        { "picture", "不能含图片" },
        { "empty", "空文件" },
        { "too large", "不能超过 1024 KB" },
        { "zip bomb", "解压后过大" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void An_upload_that_is_not_a_notice_template_is_refused_saying_why(string what, string says)
    {
        var content = what switch
        {
            "not a zip" => "这不是模板"u8.ToArray(),
            "a workbook" => Workbook(),
            "unknown placeholder" => EditedDefault(TemplateKind.Notice, t => t.Replace("{{发文字号}}", "{{发文字号}}{{文号}}", StringComparison.Ordinal)),
            "missing placeholder" => EditedDefault(TemplateKind.Notice, t => t.Replace("{{问题表}}", "（问题见附件）", StringComparison.Ordinal)),
            "shared block" => EditedDefault(TemplateKind.Notice, t => t.Replace("{{问题表}}", "问题如下：{{问题表}}", StringComparison.Ordinal)),
            "block in a table" => Docx([.. DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice).Replace("{{问题表}}", "", StringComparison.Ordinal)),
                DocumentParts.Table([new DocumentColumn("附表", 1)], [["{{问题表}}"]])]),
            "placeholder in a comment" => Docx([.. DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice)),
                new Paragraph(new Run(new Text("见附件")), new Run(new DeletedText("{{回复期限}}")))]),
            "picture" => Docx([.. DocumentTemplates.FromText(DocumentTemplates.DefaultText(TemplateKind.Notice)), new Paragraph(new Run(new Drawing()))]),
            "empty" => [],
            "too large" => new byte[DocumentTemplates.MaxBytes + 1],
            _ => Bomb(),
        };

        var refusal = Assert.ThrowsAny<RefusedException>(() => DocumentTemplates.Check(TemplateKind.Notice, content));
        Assert.Contains(says, refusal.Message, StringComparison.Ordinal);
    }

    private static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            writer.Write("<workbook/>");
        }

        return stream.ToArray();
    }

    /// <summary>A few kilobytes that unpack to 30 MB of zeros.</summary>
    private static byte[] Bomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 30; i++)
            {
                entry.Write(zeros);
            }
        }

        return stream.ToArray();
    }
}
