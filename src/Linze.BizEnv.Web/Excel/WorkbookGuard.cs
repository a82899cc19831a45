using Linze.BizEnv.Web.Common;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// Checks an upload before EPPlus sees it. EPPlus 4.5 inflates every zip entry whole into memory, allocating the size
/// each local file header claims, so a small crafted file can take gigabytes. The zip's records are read first
/// (<see cref="ZipRecords"/>: the local headers must agree with the central directory, no ZIP64) and the file is
/// refused on size, entry count, total uncompressed size or compression ratio, without inflating anything.
/// </summary>
public static class WorkbookGuard
{
    public const long MaxFileBytes = 10L * 1024 * 1024;
    public const int MaxEntries = 2000;
    public const long MaxUncompressedBytes = 200L * 1024 * 1024;
    public const double MaxCompressionRatio = 100;

    // Renaming a file does not convert it: the office must open it and save it as a workbook.
    private const string SaveAsXlsx = "请用 Excel 或 WPS 打开它，“另存为” Excel 工作簿（*.xlsx）后再导入；只改文件扩展名不能转换格式。";

    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Reads the upload into memory (at most 10 MB) and returns it if it looks like a safe xlsx.</summary>
    public static MemoryStream Check(Stream upload)
    {
        var buffer = new CappedMemoryStream(MaxFileBytes);
        try
        {
            upload.CopyTo(buffer);
        }
        catch (UploadTooLargeException)
        {
            buffer.Dispose();
            throw new ImportRefusedException("文件超过 10 MB，未导入。");
        }

        if (buffer.Length == 0)
        {
            throw new ImportRefusedException("文件是空的，未导入。");
        }

        var head = buffer.GetBuffer().AsSpan(0, (int)Math.Min(8, buffer.Length));
        if (head.StartsWith(Ole))
        {
            throw new ImportRefusedException("文件受密码保护，或是旧版 .xls 格式：请在 Excel 中取消密码，并另存为 .xlsx 后再导入。");
        }

        if (!head.StartsWith(Zip))
        {
            throw new ImportRefusedException(LooksLikeText(buffer.GetBuffer().AsSpan(0, (int)Math.Min(4096, buffer.Length)))
                ? $"文件是文本（CSV）格式，不是 Excel 工作簿，未导入。{SaveAsXlsx}"
                : $"文件不是 Excel 工作簿（.xlsx），未导入。{SaveAsXlsx}");
        }

        var entries = ZipRecords.Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), MaxEntries);
        long total = 0;
        foreach (var entry in entries)
        {
            total += entry.UncompressedSize;
            var ratio = entry.CompressedSize == 0 ? (entry.UncompressedSize == 0 ? 0 : double.PositiveInfinity) : (double)entry.UncompressedSize / entry.CompressedSize;
            if (total > MaxUncompressedBytes || (entry.UncompressedSize > 1024 * 1024 && ratio > MaxCompressionRatio))
            {
                throw new ImportRefusedException("文件解压后异常巨大（疑似压缩炸弹），未导入。");
            }
        }

        if (!entries.Any(e => e.Name == "[Content_Types].xml") || !entries.Any(e => e.Name.StartsWith("xl/", StringComparison.Ordinal)))
        {
            throw new ImportRefusedException($"文件不是 Excel 工作簿（.xlsx），未导入。{SaveAsXlsx}");
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Text (a CSV or tab-separated file, in UTF-8 or GBK): no NUL bytes, and lines of separated values.</summary>
    private static bool LooksLikeText(ReadOnlySpan<byte> head) =>
        !head.Contains((byte)0) && head.Contains((byte)'\n') && (head.Contains((byte)',') || head.Contains((byte)'\t'));
}
