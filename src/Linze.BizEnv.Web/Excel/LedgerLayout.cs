using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// The 整改台账 sheet as both the exporter and the importer know it: its name, its columns, how a due date is
/// written, and the hidden 导出校验 column that lets an import tell the office's edits from changes made in the portal
/// after the export.
/// </summary>
public static partial class LedgerLayout
{
    public const string Sheet = "整改台账";

    /// <summary>整改时限 of an ongoing measure: no fixed date.</summary>
    public const string LongTerm = "长期坚持";

    /// <summary>The 问题 cell of an indicator that has no problems: such rows are skipped on import.</summary>
    public const string NoProblems = "（本指标未列出存在问题）";

    public const string Number = "问题编号";
    public const string Problem = "问题";
    public const string Measures = "整改措施";
    public const string Unit = "责任单位";
    public const string Due = "整改时限";
    public const string Status = "状态";

    /// <summary>The traffic light in words (红灯 …), beside the row's fill, which black-and-white printing loses.</summary>
    public const string Light = "信号灯";

    public const string Percent = "完成进度";
    public const string Checksum = "导出校验";

    /// <summary>The unit's 整改完成情况说明 of its latest 申请销号.</summary>
    public const string ClosureNote = "整改完成情况说明";

    /// <summary>The county office's 审核意见 on the latest submission (批准 or 退回).</summary>
    public const string ReviewComment = "审核意见";

    /// <summary>督办等级 (蓝色督办 …) of an overdue problem; added in 2026-11, so older exports have no such column.</summary>
    public const string UrgeLevel = "督办等级";

    public static readonly string[] Headers =
        ["序号", Number, "指标", Problem, Measures, Unit, "责任领导", Due, Status, Light, Percent, "最新进展", "最近报送日期", "是否逾期", UrgeLevel, ClosureNote, ReviewComment, Checksum];

    /// <summary>Widths for A4 landscape (fitted to one page wide); the checksum column is hidden.</summary>
    public static readonly double[] Widths = [5, 7, 12, 32, 30, 16, 8, 11, 8, 7, 8, 32, 11, 7, 9, 24, 20, 10];

    /// <summary>
    /// A sheet's title line: the list, what the sheet is (<paramref name="kind"/>: 整改台账, …) and, when the ledger is
    /// narrowed, to what: 《list》 整改台账（责任领导：周延年）.
    /// </summary>
    public static string Title(string listTitle, string? filter, string kind = Sheet) =>
        $"{listTitle} {kind}{(filter is null ? "" : $"（{filter}）")}";

    /// <summary>The list a ledger's <see cref="Title"/> line names, or null when the line is no such title.</summary>
    public static string? ListTitleOf(string line) =>
        TitlePattern().Match(line) is { Success: true } match && match.Groups["list"].Value.Trim() is { Length: > 0 } list ? list : null;

    [GeneratedRegex("^(?<list>.+?)\\s*" + Sheet + "(?:（.*）)?$", RegexOptions.Singleline)]
    private static partial Regex TitlePattern();

    /// <summary>1-based column of a header.</summary>
    public static int Column(string header) => Array.IndexOf(Headers, header) + 1;

    /// <summary>整改时限 as the ledger writes it: 2022-12-31, 长期坚持, or blank.</summary>
    public static string DueText(DateOnly? due, bool longTerm) =>
        ChinaTime.FormatDate(due, longTerm ? LongTerm : "");

    /// <summary>
    /// What the three editable cells held when the ledger was exported: a short hash of each (measures, 整改时限 as
    /// <see cref="DueText"/>, unit name), so an import can tell which side changed a value since.
    /// </summary>
    public static string ChecksumOf(string? measures, string dueText, string? unit) =>
        string.Join('.', new[] { Canonical(measures), dueText, Canonical(unit) }.Select(Hash));

    /// <summary>
    /// A text as the ledger compares it, which is how the importer reads it from a cell: Windows line ends as \n (a
    /// browser's textarea sends \r\n), no surrounding white space.
    /// </summary>
    public static string Canonical(string? text) => WorkbookReader.Normalise(text ?? "");

    /// <summary>The three hashes of a checksum cell, or null when it is not one.</summary>
    public static string[]? ParseChecksum(string text) =>
        text.Split('.') is { Length: 3 } parts && parts.All(p => p.Length == 8 && p.All(char.IsAsciiHexDigitLower)) ? parts : null;

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 4);
}
