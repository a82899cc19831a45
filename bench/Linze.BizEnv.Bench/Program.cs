using System.Diagnostics;
using System.Globalization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Excel;
using Linze.BizEnv.Web.Features.Reports;
using MiniExcelLibs;

// Excel benchmark (issue #5): a city-scale ledger of 100,000 problem rows written by the portal's exporter (EPPlus
// 4.5) and, as the baseline in the same run, the same cells written by MiniExcel; then a 5,000-row list imported, and an
// 18-row list with and without a row of 16,384 cells.
// Each export runs in its own child process so that its peak memory (VmHWM) is its own.
const int LedgerRows = 100_000;
const int ImportRows = 5_000;

if (args is ["dashboard", .. var dashboardOptions])
{
    return await Linze.BizEnv.Bench.DashboardLoad.RunAsync(dashboardOptions);
}

if (args is ["writes", .. var writeOptions])
{
    return await Linze.BizEnv.Bench.WriteLoad.RunAsync(writeOptions);
}

if (args is ["--case", "zip-bomb"])
{
    // A 100 MB-per-entry zip of zeros that EPPlus would inflate whole; the guard must refuse it from the directory alone.
    using var bomb = new MemoryStream();
    using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
    {
        zip.CreateEntry("[Content_Types].xml").Open().Dispose();
        for (var sheet = 1; sheet <= 30; sheet++)
        {
            using var entry = zip.CreateEntry($"xl/worksheets/sheet{sheet}.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var mb = 0; mb < 100; mb++)
            {
                entry.Write(zeros);
            }
        }
    }

    bomb.Position = 0;
    var before = PeakMegabytes();
    var refuse = Stopwatch.StartNew();
    try
    {
        ListImporter.Read(bomb);
    }
    catch (ImportRefusedException)
    {
    }

    Console.WriteLine($"{refuse.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)} {PeakMegabytes().ToString("F0", CultureInfo.InvariantCulture)} {bomb.Length} {before.ToString("F0", CultureInfo.InvariantCulture)}");
    return 0;
}

if (args is ["--case", var which])
{
    var report = Ledger(LedgerRows);
    var path = Path.Combine(Path.GetTempPath(), $"bench-{which}-{Environment.ProcessId}.xlsx");
    var watch = Stopwatch.StartNew();
    using (var file = File.Create(path))
    {
        if (which == "epplus")
        {
            LedgerExporter.Write(report, file);
        }
        else
        {
            file.SaveAs(report.Rows.Select(r => new Dictionary<string, object?>
            {
                ["序号"] = r.ProblemOrdinal, ["指标"] = r.Indicator, ["问题"] = r.Problem, ["整改措施"] = r.Measures, ["责任单位"] = r.ResponsibleUnit,
                ["责任领导"] = r.Leader, ["整改时限"] = r.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["状态"] = r.Status?.ToChinese(),
                ["完成进度"] = $"{r.PercentComplete}%", ["最新进展"] = r.LatestProgress, ["最近报送日期"] = r.LatestReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["是否逾期"] = r.IsOverdue ? "是" : "否",
            }), excelType: ExcelType.XLSX);
        }
    }

    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{seconds.ToString("F3", CultureInfo.InvariantCulture)} {PeakMegabytes().ToString("F0", CultureInfo.InvariantCulture)} {new FileInfo(path).Length}");
    File.Delete(path);
    return 0;
}

Console.WriteLine($"Ledger export, {LedgerRows:N0} rows × 12 columns (each in its own process):");
var epplus = RunCase("epplus");
var mini = RunCase("miniexcel");
Console.WriteLine($"  portal exporter (EPPlus 4.5.3.3): {epplus.Seconds,8:F2} s  peak {epplus.PeakMb,6:F0} MB  file {epplus.Bytes / 1024 / 1024.0,6:F1} MB");
Console.WriteLine($"  baseline (MiniExcel, same cells): {mini.Seconds,8:F2} s  peak {mini.PeakMb,6:F0} MB  file {mini.Bytes / 1024 / 1024.0,6:F1} MB");
Console.WriteLine($"  time ratio portal/baseline: {epplus.Seconds / mini.Seconds:F2}x (goal ≤ 2x)   portal peak memory: {epplus.PeakMb:F0} MB (goal < 500 MB)");

var bombCase = RunCase("zip-bomb");
Console.WriteLine($"Zip bomb ({bombCase.Bytes / 1024} KB, 3 GB inflated): refused in {bombCase.Seconds:F3} s, process peak {bombCase.PeakMb:F0} MB including building the file (goal < 1 s, < 100 MB)");

var list = new ListDocument("基准测试清单", "某市人民政府办公室", new DateOnly(2026, 1, 1), 2026,
    [.. Enumerable.Range(1, ImportRows).Select(i => new IndicatorDocument(i, $"指标{i}", "全省最佳表现", $"领导{i % 40}",
        ["问题一，需要整改。", "问题二，需要整改。"], [$"单位{i % 60}"], [$"单位{(i + 1) % 60}"], [$"单位{(i + 2) % 60}"]))]);
using var workbook = new MemoryStream();
OriginalListExporter.Write(list, workbook);
var importWatch = Stopwatch.StartNew();
workbook.Position = 0;
var parsed = ListImporter.Read(workbook);
Console.WriteLine($"List import, {ImportRows:N0} rows ({workbook.Length / 1024} KB): {importWatch.Elapsed.TotalSeconds:F2} s, {parsed.List.Indicators.Count:N0} indicators read");

// The same number of rows kept one row per problem, the indicator's cells merged down its two rows (issue #12): the
// importer resolves every merged range, so this shows what merges cost against the one-row-per-indicator file above.
var perProblem = Linze.BizEnv.UnitTests.Excel.OfficeLayouts.Write(list with { Indicators = [.. list.Indicators.Take(ImportRows / 2)] },
    new Linze.BizEnv.UnitTests.Excel.OfficeLayout { RowPerProblem = true, UnitSubColumns = true, MergedTitle = true });
var perProblemParsed = ListImporter.Read(new MemoryStream(perProblem));
var perIndicatorSeconds = MedianSeconds(() => ListImporter.Read(new MemoryStream(workbook.ToArray())));
var perProblemSeconds = MedianSeconds(() => ListImporter.Read(new MemoryStream(perProblem)));
Console.WriteLine($"List import, {ImportRows:N0} rows one row per problem with merged cells ({perProblem.Length / 1024} KB): "
    + $"{perProblemParsed.List.Indicators.Sum(i => i.Problems.Count):N0} problems read; median {perProblemSeconds:F2} s against {perIndicatorSeconds:F2} s for the one-row-per-indicator file ({perProblemSeconds / perIndicatorSeconds:F2}x; goal ≤ 2x)");

// A list of the 2022 list's size, and the same list with one row of 16,384 cells below the table (a 56 KB file of this
// shape took 7 s to preview when the importer read every column of the sheet). The baseline is the list without it.
var small = list with { Indicators = [.. list.Indicators.Take(18)] };
using var plainList = new MemoryStream();
OriginalListExporter.Write(small, plainList);
var wideList = WithWideRow(plainList.ToArray(), OriginalListExporter.HeaderRow + small.Indicators.Count + 1);
var plainSeconds = MedianSeconds(() => ListImporter.Read(new MemoryStream(plainList.ToArray())));
var wideSeconds = MedianSeconds(() => ListImporter.Read(new MemoryStream(wideList)));
Console.WriteLine($"Wide row ({wideList.Length / 1024} KB, one row of 16,384 cells): imported in {wideSeconds:F3} s against {plainSeconds:F3} s for the same 18-row list without it ({wideSeconds / plainSeconds:F1}x)");
return 0;

static byte[] WithWideRow(byte[] workbook, int row)
{
    using var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(workbook));
    var sheet = package.Workbook.Worksheets.First();
    for (var col = OriginalListLayout.Headers.Count + 1; col <= OfficeOpenXml.ExcelPackage.MaxColumns; col++)
    {
        sheet.Cells[row, col].Value = col;
    }

    return package.GetAsByteArray();
}

// The median of five runs after one warm-up run.
static double MedianSeconds(Action run)
{
    run();
    var seconds = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        run();
        seconds.Add(watch.Elapsed.TotalSeconds);
    }

    return seconds.Order().ElementAt(2);
}

static (double Seconds, double PeakMb, long Bytes) RunCase(string which)
{
    // The same executable, whether started as an apphost or as "dotnet Linze.BizEnv.Bench.dll".
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
    }

    start.ArgumentList.Add("--case");
    start.ArgumentList.Add(which);
    using var child = Process.Start(start)!;
    var line = child.StandardOutput.ReadToEnd().Trim().Split(' ');
    child.WaitForExit();
    return (double.Parse(line[0], CultureInfo.InvariantCulture), double.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture));
}

static double PeakMegabytes()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static LedgerReport Ledger(int rows)
{
    var statuses = Enum.GetValues<ProblemStatus>();
    var lights = Enum.GetValues<TrafficLight>();
    return new LedgerReport("某市优化营商环境对标提升责任清单（基准测试数据）", "某市人民政府办公室", new DateOnly(2026, 11, 26), null,
    [
        .. Enumerable.Range(0, rows).Select(i => new LedgerRow(
            (i / 8) + 1, $"指标{(i / 8) + 1}", (i % 8) + 1, $"第{i}个问题：企业开办需到多个窗口办理，尚未实现一网通办。", "整改措施：推进一网通办，压缩办理时限。",
            $"单位{i % 60}", $"领导{i % 40}", new DateOnly(2026, 12, 31).AddDays(-(i % 300)), statuses[i % statuses.Length], i % 101,
            "已完成系统对接，正在试运行。", new DateOnly(2026, 11, 1).AddDays(-(i % 200)), i % 7 == 0, lights[i % lights.Length], null)),
    ], []);
}
