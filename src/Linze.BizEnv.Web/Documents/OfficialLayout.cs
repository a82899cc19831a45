using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Linze.BizEnv.Web.Documents;

/// <summary>
/// The layout of 党政机关公文 by GB/T 9704-2012, as a Word package: A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm
/// right; a text block of 22 lines of 28 characters in 3号 仿宋; titles in 2号 小标宋; page numbers "— 1 —" in 4号 宋体 at
/// the bottom, outside (odd pages right, even pages left, one character in). The faces are named as an office PC has
/// them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), each with a Windows face it falls back to; a server renders
/// them with free faces mapped by fontconfig (<see cref="PdfConverter"/>, ADR-0022). Every document the portal writes
/// gets its styles, section and footers from here, whatever its template says (<see cref="DocumentTemplates"/>).
/// </summary>
public static class OfficialLayout
{
    // Twentieths of a point (twips): 1 mm = 1440 / 25.4 twips.
    public const int PageWidth = 11906;
    public const int PageHeight = 16838;
    public const int MarginTop = 2098;
    public const int MarginBottom = 1984;
    public const int MarginLeft = 1587;
    public const int MarginRight = 1474;
    public const int TextWidth = PageWidth - MarginLeft - MarginRight;
    public const int LinesPerPage = 22;
    public const int CharsPerLine = 28;

    /// <summary>The distance between lines: the text block's height over 22, rounded down so that 22 always fit.</summary>
    public const int LinePitch = (PageHeight - MarginTop - MarginBottom) / LinesPerPage;

    /// <summary>The page number's baseline sits 7 mm below the text block: the footer starts about 23 mm above the page's edge.</summary>
    public const int FooterDistance = 1304;

    /// <summary>发文机关标志's top edge 35 mm below the text block's (GB/T 9704 7.2.2).</summary>
    public const int IssuerTop = 1984;

    // Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt.
    public const int TitleSize = 44;
    public const int IssuerSize = 72;
    public const int BodySize = 32;
    public const int PageNumberSize = 28;
    public const int TableSize = 24;

    /// <summary>Character spacing of 正文, in twips: −0.25 pt, so 28 characters of 16 pt fit the 156 mm line.</summary>
    public const int Condensed = -5;

    /// <summary>A 正文 character's width in twips (16 pt less the spacing): indents are given in characters and, for
    /// LibreOffice, which reads only the twips, in twips too.</summary>
    public const int CharAdvance = BodySize * 10 + Condensed;

    public const string TitleFont = "方正小标宋简体";
    public const string BodyFont = "仿宋_GB2312";
    public const string HeadingFont = "黑体";
    public const string SubheadingFont = "楷体_GB2312";
    public const string NumberFont = "宋体";

    /// <summary>Each official face and the face Word uses on a PC without it (Windows has 仿宋, 楷体, 宋体 and 黑体).</summary>
    public static readonly IReadOnlyDictionary<string, string> Fallbacks = new Dictionary<string, string>
    {
        [TitleFont] = "宋体",
        [BodyFont] = "仿宋",
        [SubheadingFont] = "楷体",
        [HeadingFont] = "SimHei",
        [NumberFont] = "SimSun",
    };

    /// <summary>The paragraph styles a template may use, by id, with their Chinese names as Word shows them.</summary>
    public static class Styles
    {
        public const string Body = "Normal";
        public const string Issuer = "GwIssuer";
        public const string Number = "GwNumber";
        public const string Title = "GwTitle";
        public const string Subtitle = "GwSubtitle";
        public const string Addressee = "GwAddressee";
        public const string Heading1 = "GwHeading1";
        public const string Heading2 = "GwHeading2";
        public const string Signature = "GwSignature";
        public const string Date = "GwDate";
        public const string Table = "GwTable";
        public const string TableHead = "GwTableHead";
        public const string Footer = "GwFooter";
    }

    /// <summary>
    /// Writes a complete document: the body's paragraphs and tables, then the section (A4, margins, the line grid,
    /// odd and even footers) and every part they need. The package is valid by the Open XML SDK's validator.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<OpenXmlElement> content, string title)
    {
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        AddStyles(main);
        AddFontTable(main);
        AddSettings(main);
        var odd = AddFooter(main, JustificationValues.Right, new Indentation { Right = "280" });
        var even = AddFooter(main, JustificationValues.Left, new Indentation { Left = "280" });

        var body = new Body();
        var elements = content.ToList();
        for (var i = 0; i < elements.Count; i++)
        {
            if (StyleOf(elements[i]) == Styles.Issuer)
            {
                FitOnOneLine((Paragraph)elements[i]);
            }

            if (StyleOf(elements[i]) == Styles.Signature && i + 1 < elements.Count && StyleOf(elements[i + 1]) == Styles.Date)
            {
                PlaceSignature((Paragraph)elements[i], (Paragraph)elements[i + 1]);
            }

            body.Append(elements[i]);
        }

        // A document never ends on a table (Word adds a paragraph anyway; the validator wants one).
        if (body.LastChild is not Paragraph)
        {
            body.Append(new Paragraph());
        }

        body.Append(Section(main.GetIdOfPart(odd), main.GetIdOfPart(even)));
        main.Document = new Document(body);
        main.Document.Save();
        document.PackageProperties.Title = title;
        document.PackageProperties.Creator = "临泽县营商环境对标提升平台";
        document.PackageProperties.Language = "zh-CN";
    }

    /// <summary>
    /// 发文机关标志 stands on one line: 36 pt when the name is short, smaller when a long name would wrap (a 17-character
    /// 领导小组办公室 is set at 26 pt). ASCII counts as half a character.
    /// </summary>
    private static void FitOnOneLine(Paragraph paragraph)
    {
        var width = Width(paragraph.InnerText);
        if (width == 0)
        {
            return;
        }

        var halfPoints = Math.Min(IssuerSize, (int)Math.Floor(TextWidth / 20.0 / width) * 2);
        foreach (var run in paragraph.Elements<Run>())
        {
            run.RunProperties ??= new RunProperties();
            run.RunProperties.FontSize = new FontSize { Val = $"{halfPoints}" };
            run.RunProperties.FontSizeComplexScript = new FontSizeComplexScript { Val = $"{halfPoints}" };
        }
    }

    private static string? StyleOf(OpenXmlElement element) => (element as Paragraph)?.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    /// <summary>A line's width in 正文 characters: ASCII (figures of a date) counts as half.</summary>
    private static double Width(string text) => text.Sum(c => c < 128 ? 0.5 : 1.0);

    /// <summary>
    /// 发文机关署名 and 成文日期 of a document without a seal (GB/T 9704 7.3.5.2): the signature two characters in from the
    /// right; the date on the next line, starting two characters right of where the signature starts. When the date is
    /// longer than that allows, it stands two characters in from the right and the signature moves left to keep the two.
    /// </summary>
    private static void PlaceSignature(Paragraph signature, Paragraph date)
    {
        var signatureWidth = Width(signature.InnerText);
        var dateWidth = Width(date.InnerText);
        var signatureStart = CharsPerLine - 2 - signatureWidth;
        var dateStart = signatureStart + 2;
        if (dateStart + dateWidth > CharsPerLine - 2)
        {
            dateStart = CharsPerLine - 2 - dateWidth;
            signatureStart = dateStart - 2;
        }

        Place(signature, CharsPerLine - signatureStart - signatureWidth, JustificationValues.Right);
        Place(date, dateStart, JustificationValues.Left);

        static void Place(Paragraph paragraph, double chars, JustificationValues side)
        {
            var properties = paragraph.ParagraphProperties ??= new ParagraphProperties();
            var hundredths = (int)Math.Round(Math.Max(0, chars) * 100);
            var twips = $"{(int)Math.Round(Math.Max(0, chars) * CharAdvance)}";
            properties.Indentation = side == JustificationValues.Right
                ? new Indentation { Right = twips, RightChars = hundredths, FirstLine = "0", FirstLineChars = 0 }
                : new Indentation { Left = twips, LeftChars = hundredths, FirstLine = "0", FirstLineChars = 0 };
            properties.Justification = new Justification { Val = side };
        }
    }

    private static SectionProperties Section(string oddFooter, string evenFooter) => new(
        new FooterReference { Type = HeaderFooterValues.Default, Id = oddFooter },
        new FooterReference { Type = HeaderFooterValues.Even, Id = evenFooter },
        new PageSize { Width = (UInt32Value)(uint)PageWidth, Height = (UInt32Value)(uint)PageHeight },
        new PageMargin
        {
            Top = MarginTop, Bottom = MarginBottom, Left = (UInt32Value)(uint)MarginLeft, Right = (UInt32Value)(uint)MarginRight,
            Header = 851U, Footer = (UInt32Value)(uint)FooterDistance, Gutter = 0U,
        },
        new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch });

    private static FooterPart AddFooter(MainDocumentPart main, JustificationValues side, Indentation indent)
    {
        var part = main.AddNewPart<FooterPart>();
        RunProperties Number() => new(new RunFonts { Ascii = NumberFont, HighAnsi = NumberFont, EastAsia = NumberFont }, new FontSize { Val = $"{PageNumberSize}" });
        part.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = Styles.Footer }, indent, new Justification { Val = side }),
            new Run(Number(), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(Number(), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(Number(), new Text("1")),
            new Run(Number(), new FieldChar { FieldCharType = FieldCharValues.End }),
            new Run(Number(), new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
        part.Footer.Save();
        return part;
    }

    private static void AddSettings(MainDocumentPart main)
    {
        var part = main.AddNewPart<DocumentSettingsPart>();
        part.Settings = new Settings(
            new DefaultTabStop { Val = 420 },
            new EvenAndOddHeaders(),
            new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation },
            new Compatibility(new CompatibilitySetting
            {
                Name = CompatSettingNameValues.CompatibilityMode, Uri = "http://schemas.microsoft.com/office/word", Val = "15",
            }));
        part.Settings.Save();
    }

    private static void AddFontTable(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        var fonts = new Fonts();
        foreach (var (name, fallback) in Fallbacks)
        {
            fonts.Append(new Font(
                new AltName { Val = fallback },
                new FontCharSet { Val = "86" },
                new FontFamily { Val = name == HeadingFont ? FontFamilyValues.Modern : FontFamilyValues.Roman },
                new Pitch { Val = FontPitchValues.Variable })
            { Name = name });
        }

        part.Fonts = fonts;
        part.Fonts.Save();
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var flush = new Indentation { FirstLineChars = 0, FirstLine = "0" };
        var tableLine = new SpacingBetweenLines { Line = "300", LineRule = LineSpacingRuleValues.Exact };
        part.Styles = new DocumentFormat.OpenXml.Wordprocessing.Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    Fonts(BodyFont), new FontSize { Val = $"{BodySize}" }, new FontSizeComplexScript { Val = $"{BodySize}" },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
            // 正文: justified, the first line indented two characters; on the grid, so 22 lines of 28 characters.
            ParagraphStyle(Styles.Body, "Normal", JustificationValues.Both, new Indentation { FirstLineChars = 200, FirstLine = $"{2 * CharAdvance}" }),
            // 发文机关标志: red 小标宋, centred, 35 mm below the top of the text block, 发文字号 two lines below it (7.2.2, 7.2.3).
            ParagraphStyle(Styles.Issuer, "发文机关标志", JustificationValues.Center, flush, new SpacingBetweenLines { Before = $"{IssuerTop}", After = $"{2 * LinePitch}" },
                run: new StyleRunProperties(Fonts(TitleFont), new Color { Val = "C00000" }, new FontSize { Val = $"{IssuerSize}" }, new FontSizeComplexScript { Val = $"{IssuerSize}" })),
            // 发文字号: centred; the red separator line 4 mm under it; the title two lines below the line (7.2.3, 7.2.4, 7.3.1).
            ParagraphStyle(Styles.Number, "发文字号", JustificationValues.Center, flush, new SpacingBetweenLines { After = $"{2 * LinePitch}" },
                border: new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 8, Space = 11, Color = "C00000" })),
            // 标题: 2号 小标宋, centred; 主送机关 one line below it (7.3.1, 7.3.2).
            ParagraphStyle(Styles.Title, "公文标题", JustificationValues.Center, flush, new SpacingBetweenLines { After = $"{LinePitch}" },
                run: new StyleRunProperties(Fonts(TitleFont), new FontSize { Val = $"{TitleSize}" }, new FontSizeComplexScript { Val = $"{TitleSize}" })),
            ParagraphStyle(Styles.Subtitle, "副标题", JustificationValues.Center, flush, run: new StyleRunProperties(Fonts(SubheadingFont))),
            // 主送机关: flush left, under the title.
            ParagraphStyle(Styles.Addressee, "主送机关", JustificationValues.Left, flush),
            ParagraphStyle(Styles.Heading1, "一级标题", keepNext: true, run: new StyleRunProperties(Fonts(HeadingFont))),
            ParagraphStyle(Styles.Heading2, "二级标题", keepNext: true, run: new StyleRunProperties(Fonts(SubheadingFont))),
            // 发文机关署名 one line below the text, two characters in from the right; 成文日期 under it, written 2026年11月27日
            // (7.3.5.2; both placed together by PlaceSignature).
            ParagraphStyle(Styles.Signature, "发文机关署名", JustificationValues.Right, new Indentation { Right = $"{2 * CharAdvance}", RightChars = 200, FirstLineChars = 0, FirstLine = "0" },
                new SpacingBetweenLines { Before = $"{LinePitch}" }),
            ParagraphStyle(Styles.Date, "成文日期", JustificationValues.Right, new Indentation { Right = $"{4 * CharAdvance}", RightChars = 400, FirstLineChars = 0, FirstLine = "0" }),
            // Table text: 小四, off the grid so rows are no taller than their text.
            ParagraphStyle(Styles.Table, "表格文字", JustificationValues.Left, flush, tableLine, snapToGrid: false,
                run: new StyleRunProperties(new FontSize { Val = $"{TableSize}" }, new FontSizeComplexScript { Val = $"{TableSize}" })),
            ParagraphStyle(Styles.TableHead, "表头文字", JustificationValues.Center, flush, tableLine, snapToGrid: false,
                run: new StyleRunProperties(Fonts(HeadingFont), new FontSize { Val = $"{TableSize}" }, new FontSizeComplexScript { Val = $"{TableSize}" })),
            ParagraphStyle(Styles.Footer, "页码", indent: flush, snapToGrid: false),
            new Style(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
                new StyleTableProperties(new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                    new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = "TableNormal", Default = true });
        part.Styles.Save();
    }

    private static RunFonts Fonts(string face) => new() { Ascii = face, HighAnsi = face, EastAsia = face, ComplexScript = face };

    /// <summary>A paragraph style, its properties in the order the schema wants them.</summary>
    private static Style ParagraphStyle(
        string id, string name, JustificationValues? justification = null, Indentation? indent = null, SpacingBetweenLines? spacing = null,
        bool snapToGrid = true, ParagraphBorders? border = null, bool keepNext = false, StyleRunProperties? run = null)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (id == Styles.Body)
        {
            style.Default = true;
            // Said again on 正文 itself, not only in the document's defaults: LibreOffice sizes its character grid from
            // this style's size and, without it, lays out 18 characters a line instead of 28.
            // 28 characters of 3号 are 448 pt, the 156 mm line 442 pt: each is set 0.25 pt closer (Word's 紧缩), so Word and
            // LibreOffice both lay out 28 a line. (Word's character grid, charSpace −842, does it in Word alone: LibreOffice
            // gives a character wider than its cell two cells, 14 a line. ADR-0022.)
            run ??= new StyleRunProperties(Fonts(BodyFont), new Spacing { Val = Condensed }, new FontSize { Val = $"{BodySize}" }, new FontSizeComplexScript { Val = $"{BodySize}" });
        }
        else
        {
            style.Append(new BasedOn { Val = Styles.Body }, new NextParagraphStyle { Val = Styles.Body });
        }

        style.Append(new UIPriority { Val = 1 }, new PrimaryStyle());
        var paragraph = new StyleParagraphProperties();
        if (keepNext)
        {
            paragraph.Append(new KeepNext());
        }

        if (border is not null)
        {
            paragraph.Append(border);
        }

        if (id == Styles.Body)
        {
            // No extra space between Chinese and figures: 〔2026〕1号, not 〔2026〕1 号 (GB/T 9704's examples).
            paragraph.Append(new AutoSpaceDE { Val = false }, new AutoSpaceDN { Val = false });
        }

        if (!snapToGrid)
        {
            paragraph.Append(new SnapToGrid { Val = false });
        }

        paragraph.Append(new OpenXmlElement?[] { spacing?.CloneNode(true), indent?.CloneNode(true), justification is { } jc ? new Justification { Val = jc } : null }.OfType<OpenXmlElement>());
        if (paragraph.HasChildren)
        {
            style.Append(paragraph);
        }

        if (run is not null)
        {
            style.Append(run);
        }

        return style;
    }
}
