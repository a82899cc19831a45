using OfficeOpenXml;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// The texts of a worksheet's top-left area, read once, with its merged ranges resolved: <see cref="Filled"/> gives a
/// merged cell's value on every cell the range spans (an indicator's 序号 and 责任单位 merged down its problem rows, a
/// header merged over its sub-columns), <see cref="Own"/> only on the range's first cell. Cells outside the area are
/// never read, so a sheet's size costs no more than the area.
/// </summary>
internal sealed class SheetGrid
{
    private readonly string[,] own;

    // For each cell covered by a merged range: the range's first cell (row, column), else (0, 0).
    private readonly int[,] originRow;
    private readonly int[,] originColumn;

    private SheetGrid(string name, int rows, int columns)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        own = new string[rows + 1, columns + 1];
        originRow = new int[rows + 1, columns + 1];
        originColumn = new int[rows + 1, columns + 1];
    }

    public string Name { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Reads rows 1..<paramref name="maxRows"/> and columns 1..<paramref name="maxColumns"/> of the sheet (no more than it has).</summary>
    public static SheetGrid Read(ExcelWorksheet sheet, int maxRows, int maxColumns)
    {
        var end = sheet.Dimension.End;
        var grid = new SheetGrid(sheet.Name, Math.Min(end.Row, maxRows), Math.Min(end.Column, maxColumns));
        // Enumerating a range visits only the cells the sheet stores, not every address in it.
        foreach (var cell in sheet.Cells[1, 1, grid.Rows, grid.Columns])
        {
            // As typed text is bound (TextInputBinding): a U+202E in a cell would show the rest of it reversed on every page.
            grid.own[cell.Start.Row, cell.Start.Column] = Domain.PlainText.WithoutBidiOverrides(cell.Text);
        }

        foreach (var address in sheet.MergedCells)
        {
            if (address is not null)
            {
                grid.Merge(new ExcelAddressBase(address));
            }
        }

        return grid;
    }

    /// <summary>The cell's own text: for a merged range, only its first cell has one.</summary>
    public string Own(int row, int column) => own[row, column] ?? "";

    /// <summary>The text a reader sees in the cell: the merged range's text on every cell it spans.</summary>
    public string Filled(int row, int column) =>
        originRow[row, column] == 0 ? Own(row, column) : Own(originRow[row, column], originColumn[row, column]);

    /// <summary>True when the cell is part of a merged range wider than one column.</summary>
    public bool MergedAcross(int row, int column) =>
        originRow[row, column] != 0 && ((column > 1 && SameRange(row, column, row, column - 1)) || (column < Columns && SameRange(row, column, row, column + 1)));

    public static string Address(int row, int column) => ExcelCellBase.GetAddress(row, column);

    private bool SameRange(int row, int column, int otherRow, int otherColumn) =>
        originRow[row, column] == originRow[otherRow, otherColumn] && originColumn[row, column] == originColumn[otherRow, otherColumn];

    private void Merge(ExcelAddressBase range)
    {
        if (range.Start.Row > Rows || range.Start.Column > Columns)
        {
            return;
        }

        for (var row = range.Start.Row; row <= Math.Min(range.End.Row, Rows); row++)
        {
            for (var column = range.Start.Column; column <= Math.Min(range.End.Column, Columns); column++)
            {
                // Excel never writes overlapping merges; a file that has them was made to confuse a reader.
                if (originRow[row, column] != 0)
                {
                    throw ImportRefusedException.At(Name, Address(row, column), "合并单元格相互重叠，文件格式异常，未导入。");
                }

                originRow[row, column] = range.Start.Row;
                originColumn[row, column] = range.Start.Column;
            }
        }
    }
}
