using System.Buffers.Binary;
using System.Text;

namespace Linze.BizEnv.Web.Excel;

/// <summary>One file in a zip as its central directory lists it (and its local header agrees).</summary>
internal sealed record ZipEntryRecord(string Name, long CompressedSize, long UncompressedSize);

/// <summary>
/// Reads a zip's records without inflating anything and refuses a zip whose local file headers (which EPPlus 4.5 walks,
/// allocating the size each claims) say anything other than its central directory (which System.IO.Compression reads).
/// The layout accepted is the one every spreadsheet program writes: the local entries one after another from the
/// first byte, each exactly as the central directory lists it, then the central directory, then its end record.
/// </summary>
internal static class ZipRecords
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint DataDescriptorSignature = 0x08074b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const int LocalHeaderLength = 30;
    private const int CentralHeaderLength = 46;
    private const int EndLength = 22;
    private const int DataDescriptorLength = 16;
    private const ushort Zip64ExtraField = 0x0001;
    private const ushort HasDataDescriptor = 0x0008;
    private const ushort Utf8Names = 0x0800;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private sealed record CentralEntry(int Index, ushort Flags, ushort Method, uint Crc, uint CompressedSize, uint UncompressedSize, ReadOnlyMemory<byte> Name, uint LocalOffset);

    /// <summary>The entries, in the central directory's order, once every record agrees; otherwise an <see cref="ImportRefusedException"/>.</summary>
    /// <param name="zip">The whole file.</param>
    /// <param name="maxEntries">Refuse before reading the directory when its end record announces more entries.</param>
    public static IReadOnlyList<ZipEntryRecord> Read(ReadOnlyMemory<byte> zip, int maxEntries)
    {
        var bytes = zip.Span;
        var end = FindEnd(bytes);
        if (U16(bytes, end + 4) != 0 || U16(bytes, end + 6) != 0 || U16(bytes, end + 8) != U16(bytes, end + 10))
        {
            throw Anomaly("分卷压缩文件");
        }

        var count = U16(bytes, end + 10);
        var directorySize = U32(bytes, end + 12);
        var directoryOffset = U32(bytes, end + 16);
        if (count == ushort.MaxValue || directorySize == uint.MaxValue || directoryOffset == uint.MaxValue)
        {
            throw Anomaly("使用了 ZIP64 格式");
        }

        if (count > maxEntries)
        {
            throw Anomaly("压缩条目过多");
        }

        // A ZIP64 end record, a signature block or anything else between the directory and its end record is refused.
        if ((long)directoryOffset + directorySize != end)
        {
            throw Anomaly("压缩目录的位置与其记录不符");
        }

        var entries = ReadCentralDirectory(zip, (int)directoryOffset, end, count);
        WalkLocalHeaders(bytes, entries, (int)directoryOffset);
        return [.. entries.Select(e => new ZipEntryRecord(DecodeName(e), e.CompressedSize, e.UncompressedSize))];
    }

    private static int FindEnd(ReadOnlySpan<byte> bytes)
    {
        // The end record is the last 22 bytes plus a comment of at most 64 KB that must reach the end of the file.
        for (var at = bytes.Length - EndLength; at >= 0 && at >= bytes.Length - EndLength - ushort.MaxValue; at--)
        {
            if (U32(bytes, at) == EndSignature && at + EndLength + U16(bytes, at + 20) == bytes.Length)
            {
                return at;
            }
        }

        throw new ImportRefusedException("文件已损坏，无法读取，未导入。");
    }

    private static List<CentralEntry> ReadCentralDirectory(ReadOnlyMemory<byte> zip, int start, int end, int count)
    {
        var bytes = zip.Span;
        var entries = new List<CentralEntry>(count);
        var at = start;
        for (var i = 0; i < count; i++)
        {
            if (at + CentralHeaderLength > end || U32(bytes, at) != CentralHeaderSignature)
            {
                throw Anomaly("压缩目录记录不完整");
            }

            var nameLength = U16(bytes, at + 28);
            var extraLength = U16(bytes, at + 30);
            var next = at + CentralHeaderLength + nameLength + extraLength + U16(bytes, at + 32);
            if (next > end)
            {
                throw Anomaly("压缩目录记录不完整");
            }

            var entry = new CentralEntry(i, U16(bytes, at + 8), U16(bytes, at + 10), U32(bytes, at + 16), U32(bytes, at + 20), U32(bytes, at + 24),
                zip.Slice(at + CentralHeaderLength, nameLength), U32(bytes, at + 42));
            if (entry.CompressedSize == uint.MaxValue || entry.UncompressedSize == uint.MaxValue || entry.LocalOffset == uint.MaxValue || U16(bytes, at + 34) != 0)
            {
                throw Anomaly("使用了 ZIP64 格式");
            }

            CheckExtraField(bytes.Slice(at + CentralHeaderLength + nameLength, extraLength));
            entries.Add(entry);
            at = next;
        }

        if (at != end)
        {
            throw Anomaly("压缩目录中有未列出的数据");
        }

        return entries;
    }

    /// <summary>
    /// Walks the local headers from the first byte as EPPlus will: each must sit where the directory says, name the same
    /// file with the same flags, method and sizes, and be followed directly by the next, the last by the directory.
    /// </summary>
    private static void WalkLocalHeaders(ReadOnlySpan<byte> bytes, List<CentralEntry> entries, int directoryOffset)
    {
        long at = 0;
        foreach (var entry in entries.OrderBy(e => e.LocalOffset))
        {
            if (entry.LocalOffset != at)
            {
                throw Anomaly("含有压缩目录未列出的条目或数据");
            }

            var header = (int)at;
            if (header + LocalHeaderLength > directoryOffset || U32(bytes, header) != LocalHeaderSignature)
            {
                throw Anomaly("压缩目录与条目头不一致");
            }

            var flags = U16(bytes, header + 6);
            var nameLength = U16(bytes, header + 26);
            var extraLength = U16(bytes, header + 28);
            long data = header + LocalHeaderLength + nameLength + extraLength;
            if (data > directoryOffset
                || flags != entry.Flags
                || U16(bytes, header + 8) != entry.Method
                || !bytes.Slice(header + LocalHeaderLength, nameLength).SequenceEqual(entry.Name.Span))
            {
                throw Anomaly("压缩目录与条目头不一致");
            }

            CheckExtraField(bytes.Slice(header + LocalHeaderLength + nameLength, extraLength));
            var (crc, compressed, uncompressed) = (U32(bytes, header + 14), U32(bytes, header + 18), U32(bytes, header + 22));
            if (compressed == uint.MaxValue || uncompressed == uint.MaxValue)
            {
                throw Anomaly("使用了 ZIP64 格式");
            }

            at = (flags & HasDataDescriptor) == 0
                ? CheckSizes(entry, crc, compressed, uncompressed, data)
                : CheckDataDescriptor(bytes, entry, (crc, compressed, uncompressed), data, directoryOffset);
            if (at > directoryOffset)
            {
                throw Anomaly("压缩目录与条目头不一致");
            }

            // EPPlus skips 12 bytes after an entry when they repeat its CRC and sizes (an unsigned data descriptor).
            if (at + 12 <= bytes.Length && (U32(bytes, (int)at), U32(bytes, (int)at + 4), U32(bytes, (int)at + 8)) == (entry.Crc, entry.CompressedSize, entry.UncompressedSize))
            {
                throw Anomaly("含有压缩目录未列出的条目或数据");
            }
        }

        if (at != directoryOffset)
        {
            throw Anomaly("含有压缩目录未列出的条目或数据");
        }
    }

    private static long CheckSizes(CentralEntry entry, uint crc, uint compressed, uint uncompressed, long data) =>
        (crc, compressed, uncompressed) == (entry.Crc, entry.CompressedSize, entry.UncompressedSize)
            ? data + compressed
            : throw Anomaly("压缩目录与条目头不一致");

    /// <summary>
    /// With bit 3 the local sizes may be zero; EPPlus then scans the data for the first descriptor signature followed
    /// by a compressed size equal to its distance from the data's start, and believes that descriptor's sizes. So the
    /// first such descriptor must be the one right after the data, and agree with the central directory.
    /// </summary>
    private static long CheckDataDescriptor(ReadOnlySpan<byte> bytes, CentralEntry entry, (uint Crc, uint Compressed, uint Uncompressed) local, long data, int directoryOffset)
    {
        if (local != (0, 0, 0) && local != (entry.Crc, entry.CompressedSize, entry.UncompressedSize))
        {
            throw Anomaly("压缩目录与条目头不一致");
        }

        var descriptor = data + entry.CompressedSize;
        if (DecodeName(entry).EndsWith('/') || descriptor + DataDescriptorLength > directoryOffset)
        {
            throw Anomaly("数据描述符与压缩目录不一致");
        }

        var content = bytes.Slice((int)data, (int)entry.CompressedSize);
        Span<byte> signature = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(signature, DataDescriptorSignature);
        for (var found = content.IndexOf(signature); found >= 0; found = NextIndexOf(content, signature, found))
        {
            if (data + found + 12 <= directoryOffset && U32(bytes, (int)data + found + 8) == found)
            {
                throw Anomaly("数据描述符与压缩目录不一致");
            }
        }

        var at = (int)descriptor;
        if (U32(bytes, at) != DataDescriptorSignature
            || (U32(bytes, at + 4), U32(bytes, at + 8), U32(bytes, at + 12)) != (entry.Crc, entry.CompressedSize, entry.UncompressedSize))
        {
            throw Anomaly("数据描述符与压缩目录不一致");
        }

        return descriptor + DataDescriptorLength;
    }

    private static int NextIndexOf(ReadOnlySpan<byte> content, ReadOnlySpan<byte> value, int after)
    {
        var next = content[(after + 1)..].IndexOf(value);
        return next < 0 ? -1 : after + 1 + next;
    }

    /// <summary>
    /// Each extra-field block must fit: EPPlus 4.5 reads a block's size as a signed 16-bit number, so a size of 0x8000
    /// or more sends its reader backwards (0xFFFC: for ever). A ZIP64 block is refused outright: an xlsx under
    /// 10 MB never needs one.
    /// </summary>
    private static void CheckExtraField(ReadOnlySpan<byte> extra)
    {
        var at = 0;
        while (at + 4 <= extra.Length)
        {
            var id = U16(extra, at);
            var size = U16(extra, at + 2);
            if (id == Zip64ExtraField)
            {
                throw Anomaly("使用了 ZIP64 格式");
            }

            if (at + 4 + size > extra.Length)
            {
                throw Anomaly("条目扩展字段异常");
            }

            at += 4 + size;
        }
    }

    private static string DecodeName(CentralEntry entry) =>
        ((entry.Flags & Utf8Names) != 0 ? Encoding.UTF8 : Latin1).GetString(entry.Name.Span);

    private static ImportRefusedException Anomaly(string what) =>
        new($"文件结构异常（{what}），未导入。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。");

    private static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
}
