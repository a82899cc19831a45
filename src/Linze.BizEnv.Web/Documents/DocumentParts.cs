using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Linze.BizEnv.Web.Documents;

/// <summary>
/// A column of a document's table: its header and its width in points (a 小四 character is 12 pt, a cell's margins 11 pt);
/// the widths are scaled to the text width together, so one column may be given what the others leave.
/// </summary>
public sealed record DocumentColumn(string Header, int Weight, bool Centred = false);

/// <summary>The paragraphs and tables the portal puts into a 公文, in <see cref="OfficialLayout"/>'s styles.</summary>
public static class DocumentParts
{
    /// <summary>A paragraph of one style; line breaks in <paramref name="text"/> stay line breaks.</summary>
    public static Paragraph Paragraph(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), Run(text));

    /// <summary>One run of <paramref name="text"/> made printable, each line break a break, with <paramref name="properties"/> if given.</summary>
    public static Run Run(string text, RunProperties? properties = null)
    {
        var run = new Run();
        if (properties is not null)
        {
            run.Append(properties);
        }

        var lines = Printable(text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        return run;
    }

    public static Paragraph Body(string text) => Paragraph(OfficialLayout.Styles.Body, text);

    /// <summary>A body paragraph that introduces what follows (a table): kept on the same page as it.</summary>
    public static Paragraph Lead(string text)
    {
        var paragraph = Body(text);
        paragraph.ParagraphProperties!.KeepNext = new KeepNext();
        return paragraph;
    }

    /// <summary>
    /// A table as wide as the text, its columns in proportion to their weights, its header row repeated on every page and
    /// no row split across pages; an empty table says <paramref name="empty"/> in one row.
    /// </summary>
    public static Table Table(IReadOnlyList<DocumentColumn> columns, IEnumerable<IReadOnlyList<string>> rows, string empty = "无")
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => OfficialLayout.TextWidth * c.Weight / total).ToArray();
        widths[^1] += OfficialLayout.TextWidth - widths.Sum();
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = "000000" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "000000" });
        var table = new Table(new TableProperties(
            new TableWidth { Width = $"{OfficialLayout.TextWidth}", Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            border(),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableLook { Val = "04A0", FirstRow = true, NoVerticalBand = true }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = $"{w}" })));

        table.Append(Row(columns.Select(c => c.Header).ToList(), widths, columns, header: true));
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            table.Append(Row(row, widths, columns, header: false));
        }

        if (!any)
        {
            var cell = Cell(empty, OfficialLayout.TextWidth, OfficialLayout.Styles.Table, centred: true);
            cell.TableCellProperties!.Append(new GridSpan { Val = columns.Count });
            table.Append(new TableRow(new TableRowProperties(new CantSplit()), cell));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> values, int[] widths, IReadOnlyList<DocumentColumn> columns, bool header)
    {
        var properties = new TableRowProperties(new CantSplit());
        if (header)
        {
            properties.Append(new TableHeader());
        }

        var row = new TableRow(properties);
        for (var i = 0; i < widths.Length; i++)
        {
            row.Append(Cell(i < values.Count ? values[i] : "", widths[i], header ? OfficialLayout.Styles.TableHead : OfficialLayout.Styles.Table, header || columns[i].Centred));
        }

        return row;
    }

    private static TableCell Cell(string text, int width, string style, bool centred)
    {
        var paragraph = Paragraph(style, text);
        if (centred)
        {
            paragraph.ParagraphProperties!.Append(new Justification { Val = JustificationValues.Center });
        }

        return new TableCell(
            new TableCellProperties(new TableCellWidth { Width = $"{width}", Type = TableWidthUnitValues.Dxa }, new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
            paragraph);
    }

    /// <summary>
    /// The text with what a Word document may not hold dropped (control characters, bidi overrides, characters XML
    /// cannot carry such as a lone surrogate); every line break as \n, tabs as spaces.
    /// </summary>
    public static string Printable(string text)
    {
        var plain = Domain.PlainText.WithoutControls(text.ReplaceLineEndings("\n").Replace('\t', ' '), withoutBidiOverrides: true);
        var builder = new System.Text.StringBuilder(plain.Length);
        for (var i = 0; i < plain.Length; i++)
        {
            if (i + 1 < plain.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(plain[i + 1], plain[i]))
            {
                builder.Append(plain, i++, 2);
            }
            else if (System.Xml.XmlConvert.IsXmlChar(plain[i]))
            {
                builder.Append(plain[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>A date as a 公文 writes it: 2026年11月27日.</summary>
    public static string ChineseDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";
}
