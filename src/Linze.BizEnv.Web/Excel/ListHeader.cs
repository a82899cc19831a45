namespace Linze.BizEnv.Web.Excel;

/// <summary>What a column of a list holds.</summary>
internal enum ListColumn
{
    Index,
    Indicator,
    ProvinceBest,
    Problems,
    ProblemNumber,
    Leader,
    Units,
    LeadUnits,
    DeputyUnits,
    MemberUnits,

    /// <summary>A 台账 column beside the list (整改措施, 整改时限, 完成情况, 备注 ...): not part of the list.</summary>
    Ledger,
}

/// <summary>
/// The header of a list: one row, or two where 责任单位 is merged over 组长单位 | 副组长单位 | 成员单位 or 存在问题 over
/// 问题序号 | 问题内容. Header cells are compared without white space (WPS users type 序　号 and 全省最佳\n表现) and by
/// the names offices use for each column.
/// </summary>
internal sealed record ListHeader(int Row, int FirstDataRow, IReadOnlyDictionary<ListColumn, int> Columns, IReadOnlyList<(string Name, int Column)> LedgerColumns, int Width)
{
    public static readonly string[] RequiredNames = ["序号", "指标", "责任单位"];

    private static readonly Dictionary<string, ListColumn> TopNames = new()
    {
        ["序号"] = ListColumn.Index,
        ["编号"] = ListColumn.Index,
        ["指标"] = ListColumn.Indicator,
        ["指标名称"] = ListColumn.Indicator,
        ["评价指标"] = ListColumn.Indicator,
        ["全省最佳表现"] = ListColumn.ProvinceBest,
        ["全省最优表现"] = ListColumn.ProvinceBest,
        ["最佳表现"] = ListColumn.ProvinceBest,
        ["存在问题"] = ListColumn.Problems,
        ["存在的问题"] = ListColumn.Problems,
        ["主要问题"] = ListColumn.Problems,
        ["责任领导"] = ListColumn.Leader,
        ["县级责任领导"] = ListColumn.Leader,
        ["牵头领导"] = ListColumn.Leader,
        ["责任单位"] = ListColumn.Units,
        ["责任部门"] = ListColumn.Units,
        ["组长单位"] = ListColumn.LeadUnits,
        ["牵头单位"] = ListColumn.LeadUnits,
        ["副组长单位"] = ListColumn.DeputyUnits,
        ["成员单位"] = ListColumn.MemberUnits,
        ["配合单位"] = ListColumn.MemberUnits,
    };

    // Under 存在问题: its number and its text.
    private static readonly Dictionary<string, ListColumn> ProblemSubNames = new()
    {
        ["序号"] = ListColumn.ProblemNumber,
        ["问题序号"] = ListColumn.ProblemNumber,
        ["编号"] = ListColumn.ProblemNumber,
        ["问题内容"] = ListColumn.Problems,
        ["内容"] = ListColumn.Problems,
        ["具体问题"] = ListColumn.Problems,
        ["存在问题"] = ListColumn.Problems,
    };

    private static readonly string[] LedgerNames =
        ["问题", "问题编号", "整改措施", "整改目标", "整改时限", "完成时限", "完成时间", "完成情况", "整改情况", "整改进展", "进展情况", "状态", "完成进度", "最新进展", "是否逾期", "督办等级", "备注"];

    /// <summary>A header found in the grid's first rows, or null.</summary>
    public static ListHeader? Find(SheetGrid grid, int searchRows)
    {
        for (var row = 1; row <= Math.Min(grid.Rows, searchRows); row++)
        {
            var top = Labels(grid, row);
            if (!top.ContainsValue(ListColumn.Index) || !top.ContainsValue(ListColumn.Indicator))
            {
                continue;
            }

            var subs = row < grid.Rows ? SubLabels(grid, row, top) : [];
            var columns = new Dictionary<ListColumn, int>();
            for (var column = 1; column <= grid.Columns; column++)
            {
                // A merged top cell is on each of its sub-columns: the sub-labels say which is which.
                if (subs.TryGetValue(column, out var kind) || (top.TryGetValue(column, out kind) && kind != ListColumn.Ledger))
                {
                    columns.TryAdd(kind, column);
                }
            }

            if (!columns.ContainsKey(ListColumn.Units) && !columns.ContainsKey(ListColumn.LeadUnits))
            {
                continue;
            }

            var width = Enumerable.Range(1, grid.Columns).LastOrDefault(c => WorkbookReader.Compact(grid.Filled(row, c)).Length > 0 || (subs.Count > 0 && WorkbookReader.Compact(grid.Filled(row + 1, c)).Length > 0));
            var ledger = top.Where(t => t.Value == ListColumn.Ledger).Select(t => (WorkbookReader.Compact(grid.Filled(row, t.Key)), t.Key)).ToList();
            return new ListHeader(row, subs.Count > 0 ? row + 2 : row + 1, columns, ledger, width);
        }

        return null;
    }

    /// <summary>The known labels of a row, by column; a column under a merged label holds it too.</summary>
    private static Dictionary<int, ListColumn> Labels(SheetGrid grid, int row)
    {
        var labels = new Dictionary<int, ListColumn>();
        for (var column = 1; column <= grid.Columns; column++)
        {
            var name = WorkbookReader.Compact(grid.Filled(row, column));
            if (TopNames.TryGetValue(name, out var kind))
            {
                labels[column] = kind;
            }
            else if (LedgerNames.Contains(name))
            {
                labels[column] = ListColumn.Ledger;
            }
        }

        return labels;
    }

    /// <summary>The second header row's labels, where it is one: 组长单位… under 责任单位, 问题序号/问题内容 under 存在问题.</summary>
    private static Dictionary<int, ListColumn> SubLabels(SheetGrid grid, int row, Dictionary<int, ListColumn> top)
    {
        var subs = new Dictionary<int, ListColumn>();
        foreach (var (column, kind) in top)
        {
            var name = WorkbookReader.Compact(grid.Filled(row + 1, column));
            if (kind == ListColumn.Units && TopNames.TryGetValue(name, out var role) && role is ListColumn.LeadUnits or ListColumn.DeputyUnits or ListColumn.MemberUnits)
            {
                subs[column] = role;
            }
            else if (kind == ListColumn.Problems && ProblemSubNames.TryGetValue(name, out var part) && !(part == ListColumn.Problems && name == WorkbookReader.Compact(grid.Filled(row, column))))
            {
                subs[column] = part;
            }
        }

        return subs;
    }
}
