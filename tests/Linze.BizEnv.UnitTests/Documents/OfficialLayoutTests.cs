using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Linze.BizEnv.Web.Documents;

namespace Linze.BizEnv.UnitTests.Documents;

/// <summary>GB/T 9704-2012 read back from a document the layout writes: what a printer and an office PC will see.</summary>
public class OfficialLayoutTests
{
    private static byte[] Sample()
    {
        using var stream = new MemoryStream();
        OfficialLayout.Write(stream,
        [
            DocumentParts.Paragraph(OfficialLayout.Styles.Title, "关于督促整改营商环境问题的通知"),
            DocumentParts.Paragraph(OfficialLayout.Styles.Addressee, "县市场监管局："),
            DocumentParts.Body(string.Concat(Enumerable.Repeat("按照责任清单要求现将有关事项通知如下", 6))),
            DocumentParts.Table([new DocumentColumn("序号", 1, true), new DocumentColumn("问题", 6)], [["1", "企业开办时间较长"], ["2", "材料多"]]),
            DocumentParts.Paragraph(OfficialLayout.Styles.Date, DocumentParts.ChineseDate(new DateOnly(2026, 11, 27))),
        ], "测试");
        return stream.ToArray();
    }

    [Fact]
    public void The_document_passes_the_Open_XML_validator()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Sample()), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Page_is_A4_with_the_standard_margins_and_a_grid_of_22_lines_of_28_characters()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Sample()), false);
        var section = document.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
        var size = section.GetFirstChild<PageSize>()!;
        Assert.Equal(210.0, Millimetres(size.Width!.Value), 0);
        Assert.Equal(297.0, Millimetres(size.Height!.Value), 0);
        var margin = section.GetFirstChild<PageMargin>()!;
        Assert.Equal(37.0, Millimetres((uint)margin.Top!.Value), 0);
        Assert.Equal(35.0, Millimetres((uint)margin.Bottom!.Value), 0);
        Assert.Equal(28.0, Millimetres(margin.Left!.Value), 0);
        Assert.Equal(26.0, Millimetres(margin.Right!.Value), 0);

        var grid = section.GetFirstChild<DocGrid>()!;
        Assert.Equal(DocGridValues.Lines, grid.Type!.Value);
        var textHeight = size.Height!.Value - (uint)margin.Top!.Value - (uint)margin.Bottom!.Value;
        Assert.Equal(22, (int)(textHeight / grid.LinePitch!.Value));
        // A character's advance is the body size plus 正文's character spacing; 28 of them fill the text width, 29 do not.
        var textWidth = size.Width!.Value - margin.Left!.Value - margin.Right!.Value;
        var spacing = BodyStyle(document).StyleRunProperties!.GetFirstChild<Spacing>()!.Val!.Value;
        var advance = BodySize(document) * 20 + spacing;
        Assert.Equal(28, (int)(textWidth / advance));
    }

    [Fact]
    public void Title_is_2hao_xiaobiaosong_and_body_3hao_fangsong_named_as_an_office_PC_has_them()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Sample()), false);
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!;
        var defaults = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("仿宋_GB2312", defaults.RunFonts!.EastAsia!.Value);
        Assert.Equal(16.0, BodySize(document));
        Assert.Equal("32", BodyStyle(document).StyleRunProperties!.FontSize!.Val!.Value);
        var title = styles.Elements<Style>().Single(s => s.StyleId == OfficialLayout.Styles.Title);
        Assert.Equal("方正小标宋简体", title.StyleRunProperties!.RunFonts!.EastAsia!.Value);
        Assert.Equal("44", title.StyleRunProperties.FontSize!.Val!.Value);
        var usedTitle = document.MainDocumentPart.Document.Body!.Elements<Paragraph>().First();
        Assert.Equal(OfficialLayout.Styles.Title, usedTitle.ParagraphProperties!.ParagraphStyleId!.Val!.Value);

        // Without the official faces Word falls back to those Windows ships.
        var fonts = document.MainDocumentPart.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName!.Val!.Value);
        Assert.Equal("仿宋", fonts["仿宋_GB2312"]);
        Assert.Equal("宋体", fonts["方正小标宋简体"]);
    }

    [Fact]
    public void Page_numbers_read_dash_number_dash_outside_odd_right_even_left()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Sample()), false);
        Assert.NotNull(document.MainDocumentPart!.DocumentSettingsPart!.Settings!.GetFirstChild<EvenAndOddHeaders>());
        var section = document.MainDocumentPart.Document.Body!.Elements<SectionProperties>().Single();
        string Footer(HeaderFooterValues type, out JustificationValues side)
        {
            var id = section.Elements<FooterReference>().Single(f => f.Type!.Value == type).Id!.Value!;
            var paragraph = ((FooterPart)document.MainDocumentPart.GetPartById(id)).Footer!.Elements<Paragraph>().Single();
            side = paragraph.ParagraphProperties!.Justification!.Val!.Value;
            return string.Concat(paragraph.Descendants().Select(e => e is Text t ? t.Text : e is FieldCode c ? $"{{{c.Text.Trim()}}}" : ""));
        }

        Assert.Equal("— {PAGE}1 —", Footer(HeaderFooterValues.Default, out var odd));
        Assert.Equal(JustificationValues.Right, odd);
        Assert.Equal("— {PAGE}1 —", Footer(HeaderFooterValues.Even, out var even));
        Assert.Equal(JustificationValues.Left, even);
    }

    [Fact]
    public void Tables_fit_the_text_width_and_repeat_their_header_row()
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(Sample()), false);
        var table = document.MainDocumentPart!.Document.Body!.Elements<Table>().Single();
        Assert.Equal(OfficialLayout.TextWidth, table.Elements<TableGrid>().Single().Elements<GridColumn>().Sum(c => int.Parse(c.Width!.Value!)));
        var rows = table.Elements<TableRow>().ToList();
        Assert.NotNull(rows[0].TableRowProperties!.GetFirstChild<TableHeader>());
        Assert.All(rows.Skip(1), r => Assert.Null(r.TableRowProperties!.GetFirstChild<TableHeader>()));
    }

    [Fact]
    public void Text_a_document_cannot_carry_is_dropped_not_thrown_on()
    {
        Assert.Equal("AB😀C", DocumentParts.Printable("A\u0001B\u202e😀\ud800C"));
        Assert.Equal("2026年1月5日", DocumentParts.ChineseDate(new DateOnly(2026, 1, 5)));
    }

    private static double BodySize(WordprocessingDocument document) =>
        int.Parse(document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!.FontSize!.Val!.Value!) / 2.0;

    private static Style BodyStyle(WordprocessingDocument document) =>
        document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Elements<Style>().Single(s => s.Default?.Value == true && s.Type!.Value == StyleValues.Paragraph);

    private static double Millimetres(uint twips) => twips * 25.4 / 1440;
}
