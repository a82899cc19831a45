using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using OfficeOpenXml;
using CompressionLevel = System.IO.Compression.CompressionLevel;

namespace Linze.BizEnv.UnitTests.Excel;

/// <summary>
/// The crafted-workbook corpus: files made to break the importer, built in code so that no binary is committed.
/// Each starts from a small list written by EPPlus, then has a part's XML rewritten (System.IO.Compression) or its zip
/// records patched byte by byte, the way a hostile file would be made.
/// </summary>
public static partial class CraftedWorkbooks
{
    public const string Footer = "临泽县人民政府办公室 2022年6月24日印发";
    public const uint OneGigabyte = 1024 * 1024 * 1024;

    private const uint LocalHeader = 0x04034b50;
    private const uint DataDescriptor = 0x08074b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint EndOfCentralDirectory = 0x06054b50;

    private static readonly string[] Header = ["序号", "指标", "全省最佳表现", "存在问题", "责任领导", "责任单位"];

    public static object?[] Row(object number, string name, string problems = "1.问题甲", string units = "组长单位：甲局") =>
        [number, name, "最佳表现", problems, "张三", units];

    /// <summary>A list as an office might type it: 附件, a title, the header (row 3), then the given rows from row 4.</summary>
    public static byte[] List(IEnumerable<object?[]> rows, string[]? header = null, string sheetName = "Sheet1", Action<ExcelPackage>? more = null)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add(sheetName);
        var all = new List<object?[]> { new object?[] { "附件" }, new object?[] { "某县优化营商环境对标提升责任清单" }, header ?? Header };
        all.AddRange(rows);
        for (var r = 0; r < all.Count; r++)
        {
            for (var c = 0; c < all[r].Length; c++)
            {
                sheet.Cells[r + 1, c + 1].Value = all[r][c];
            }
        }

        more?.Invoke(package);
        return package.GetAsByteArray();
    }

    /// <summary>Two indicators (rows 4 and 5) and, after a blank line, the footer in A7: what the files below start from.</summary>
    public static byte[] Valid(string footer = Footer) => List([Row(1, "开办企业"), Row(2, "纳税"), [null], [footer]]);

    /// <summary>A workbook with no sheet holding any cell.</summary>
    public static byte[] Empty()
    {
        using var package = new ExcelPackage();
        package.Workbook.Worksheets.Add("Sheet1");
        return package.GetAsByteArray();
    }

    /// <summary>A small file that would inflate to gigabytes: one sheet entry of zeros, compressed a thousandfold.</summary>
    public static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 8; i++)
            {
                sheet.Write(zeros);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The workbook with one part's XML rewritten, as a hand-edited or generated file may have it.</summary>
    public static byte[] WithPart(byte[] workbook, string part, Func<string, string> rewrite)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(part) ?? throw new ArgumentException($"no part {part}", nameof(part));
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var changed = rewrite(xml);
            if (changed == xml)
            {
                throw new ArgumentException($"the rewrite left {part} unchanged", nameof(rewrite));
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(part).Open(), new UTF8Encoding(false));
            writer.Write(changed);
        }

        return stream.ToArray();
    }

    /// <summary><see cref="Valid"/> with its sheet's XML rewritten.</summary>
    public static byte[] WithSheetXml(Func<string, string> rewrite) => WithPart(Valid(), "xl/worksheets/sheet1.xml", rewrite);

    /// <summary>
    /// Two indicators (rows 4 and 6) around a row 5 that is blank in the table's six columns but filled from G to XFD,
    /// and a stray cell at XFD2 beside the title. The cells are written into the sheet's XML: EPPlus takes seconds to save them.
    /// </summary>
    public static byte[] WideRow() => WithPart(List([Row(1, "开办企业"), [], Row(2, "纳税")]), "xl/worksheets/sheet1.xml", xml =>
    {
        var cells = string.Concat(Enumerable.Range(7, ExcelPackage.MaxColumns - 6).Select(c => $"<c r=\"{ExcelCellAddress.GetColumnLetter(c)}5\"><v>{c}</v></c>"));
        var wide = xml.Replace("<row r=\"6\"", $"<row r=\"5\">{cells}</row><row r=\"6\"", StringComparison.Ordinal);
        return TitleRow().Replace(wide, "${row}<c r=\"XFD2\" t=\"inlineStr\"><is><t>页边备注</t></is></c></row>", 1);
    });

    /// <summary>
    /// The same entries written again by System.IO.Compression: to a seekable stream the sizes go in each local header,
    /// as Excel writes them; to a stream that cannot seek each entry is followed by a data descriptor (bit 3), as
    /// streaming writers do.
    /// </summary>
    public static byte[] Repacked(byte[] workbook, bool dataDescriptors = false, Action<ZipArchive>? more = null)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
        using (var target = new ZipArchive(dataDescriptors ? new ForwardOnlyStream(output) : output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }

            more?.Invoke(target);
        }

        return output.ToArray();
    }

    /// <summary>The zip files whose records disagree with each other, by name: the zip guard refuses them.</summary>
    public static IReadOnlyList<string> DisagreeingZips { get; } =
    [
        "local-header-claims-a-gigabyte",
        "local-header-claims-0xFFFFFFF0",
        "entry-hidden-from-the-central-directory",
        "bytes-between-entries",
        "local-name-differs",
        "zip64-extra-field",
        "extra-field-block-that-does-not-fit",
        "data-descriptor-claims-a-gigabyte",
        "descriptor-smuggled-into-data",
    ];

    /// <summary>A crafted file by name: one of <see cref="DisagreeingZips"/>, or a workbook holding what Excel never writes.</summary>
    public static byte[] Crafted(string kind) => kind switch
    {
        "local-header-claims-a-gigabyte" => LocalHeaderClaims("xl/sharedStrings.xml", OneGigabyte),
        "local-header-claims-0xFFFFFFF0" => LocalHeaderClaims("xl/sharedStrings.xml", 0xFFFFFFF0),
        "entry-hidden-from-the-central-directory" => EntryHiddenFromTheCentralDirectory(600 * 1024 * 1024),
        "bytes-between-entries" => BytesBetweenEntries(),
        "local-name-differs" => LocalNameDiffers(),
        "zip64-extra-field" => WithLocalExtraField("xl/sharedStrings.xml", [0x01, 0x00, 0x10, 0x00, .. new byte[16]]),
        // EPPlus 4.5 reads an extra-field block's size as a signed 16-bit number: 0xFFFC moves it back to where it started, for ever.
        "extra-field-block-that-does-not-fit" => WithLocalExtraField("xl/sharedStrings.xml", [0x99, 0x99, 0xFC, 0xFF]),
        "data-descriptor-claims-a-gigabyte" => DataDescriptorClaims("xl/sharedStrings.xml", OneGigabyte),
        "descriptor-smuggled-into-data" => DescriptorSmuggledIntoData(),
        "footer-dated-february-30" => Valid("临泽县人民政府办公室 2022年2月30日印发"),
        "footer-dated-month-13" => Valid("临泽县人民政府办公室 2022年13月1日印发"),
        "cell-beyond-column-xfd" => WithSheetXml(x => x.Replace("r=\"F5\"", "r=\"XFE5\"", StringComparison.Ordinal)),
        "cell-beyond-row-1048576" => WithSheetXml(x => x.Replace("r=\"F5\"", "r=\"F1048577\"", StringComparison.Ordinal)),
        "merged-range-beyond-the-sheet" => WithSheetXml(x => x.Replace("</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:ZZZZZ9\" /></mergeCells>", StringComparison.Ordinal)),
        "row-number-overflowing-int32" => WithSheetXml(x => x.Replace("<row r=\"5\"", "<row r=\"4294967296\"", StringComparison.Ordinal)),
        "column-range-overflowing-int32" => WithSheetXml(x => x.Replace("<sheetData>", "<cols><col min=\"1\" max=\"99999999999\" width=\"9\" /></cols><sheetData>", StringComparison.Ordinal)),
        "style-index-out-of-range" => WithSheetXml(x => StyleOfB4().Replace(x, "${cell}999999\"", 1)),
        "shared-string-index-out-of-range" => WithSheetXml(x => SharedStringOfB4().Replace(x, "${cell}99999999<", 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>An entry's local header claims another uncompressed size than the central directory (EPPlus allocates what the local header says).</summary>
    private static byte[] LocalHeaderClaims(string entry, uint uncompressedSize)
    {
        var zip = Repacked(Valid());
        return Patched(zip, LocalHeaderOf(zip, entry) + 22, uncompressedSize);
    }

    /// <summary>An entry EPPlus reads (it walks the local headers) but the central directory does not list.</summary>
    private static byte[] EntryHiddenFromTheCentralDirectory(uint claimedSize)
    {
        var zip = Repacked(Valid());
        var name = "xl/media/hidden.bin"u8.ToArray();
        byte[] data;
        using (var deflated = new MemoryStream())
        {
            using (var deflate = new DeflateStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                deflate.Write(new byte[4096]);
            }

            data = deflated.ToArray();
        }

        var header = new byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, LocalHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), claimedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)name.Length);
        return Inserted(zip, CentralDirectoryOffset(zip), [.. header, .. name, .. data]);
    }

    /// <summary>Bytes no record accounts for, between two entries.</summary>
    private static byte[] BytesBetweenEntries()
    {
        var zip = Repacked(Valid());
        return Inserted(zip, LocalHeaderOf(zip, "xl/worksheets/sheet1.xml"), new byte[16]);
    }

    /// <summary>An entry's local header names another file than the central directory.</summary>
    private static byte[] LocalNameDiffers()
    {
        var zip = Repacked(Valid());
        var at = LocalHeaderOf(zip, "xl/worksheets/sheet1.xml") + 30 + "xl/worksheets/sheet".Length;
        zip[at] = (byte)'9';
        return zip;
    }

    /// <summary>With data descriptors, EPPlus takes the sizes from the descriptor: here it claims more than the central directory.</summary>
    private static byte[] DataDescriptorClaims(string entry, uint uncompressedSize)
    {
        var zip = Repacked(Valid(), dataDescriptors: true);
        var local = LocalHeaderOf(zip, entry);
        var central = CentralHeaderOf(zip, entry);
        var descriptor = local + 30 + U16(zip, local + 26) + U16(zip, local + 28) + (int)U32(zip, central + 20);
        if (U32(zip, descriptor) != DataDescriptor)
        {
            throw new InvalidOperationException("no data descriptor after the entry");
        }

        return Patched(zip, descriptor + 12, uncompressedSize);
    }

    /// <summary>
    /// A stored entry whose data holds a data descriptor of its own: EPPlus takes the first descriptor whose compressed
    /// size matches its distance from the data's start, so it reads this one (claiming a gigabyte) instead of the real one.
    /// </summary>
    private static byte[] DescriptorSmuggledIntoData()
    {
        const int at = 64;
        var content = new byte[at + 16 + 32];
        BinaryPrimitives.WriteUInt32LittleEndian(content.AsSpan(at), DataDescriptor);
        BinaryPrimitives.WriteUInt32LittleEndian(content.AsSpan(at + 8), at);
        BinaryPrimitives.WriteUInt32LittleEndian(content.AsSpan(at + 12), OneGigabyte);
        return Repacked(Valid(), dataDescriptors: true, zip =>
        {
            using var entry = zip.CreateEntry("xl/media/image1.bin", CompressionLevel.NoCompression).Open();
            entry.Write(content);
        });
    }

    private static byte[] WithLocalExtraField(string entry, byte[] extra)
    {
        var zip = Repacked(Valid());
        var local = LocalHeaderOf(zip, entry);
        var nameLength = U16(zip, local + 26);
        var extraLength = U16(zip, local + 28);
        var patched = Inserted(zip, local + 30 + nameLength + extraLength, extra);
        BinaryPrimitives.WriteUInt16LittleEndian(patched.AsSpan(local + 28), (ushort)(extraLength + extra.Length));
        return patched;
    }

    private static ushort U16(byte[] zip, int at) => BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at));

    private static uint U32(byte[] zip, int at) => BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at));

    private static byte[] Patched(byte[] zip, int at, uint value)
    {
        var patched = zip.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(at), value);
        return patched;
    }

    private static int EndOfCentralDirectoryOf(byte[] zip)
    {
        for (var at = zip.Length - 22; at >= 0; at--)
        {
            if (U32(zip, at) == EndOfCentralDirectory)
            {
                return at;
            }
        }

        throw new InvalidOperationException("not a zip");
    }

    private static int CentralDirectoryOffset(byte[] zip) => (int)U32(zip, EndOfCentralDirectoryOf(zip) + 16);

    /// <summary>Where each entry's central record and local header start.</summary>
    private static IEnumerable<(string Name, int Central, int Local)> Entries(byte[] zip)
    {
        var count = U16(zip, EndOfCentralDirectoryOf(zip) + 10);
        var at = CentralDirectoryOffset(zip);
        for (var i = 0; i < count; i++)
        {
            if (U32(zip, at) != CentralHeader)
            {
                throw new InvalidOperationException("broken central directory");
            }

            var name = Encoding.UTF8.GetString(zip, at + 46, U16(zip, at + 28));
            yield return (name, at, (int)U32(zip, at + 42));
            at += 46 + U16(zip, at + 28) + U16(zip, at + 30) + U16(zip, at + 32);
        }
    }

    private static int LocalHeaderOf(byte[] zip, string entry) => Entries(zip).Single(e => e.Name == entry).Local;

    private static int CentralHeaderOf(byte[] zip, string entry) => Entries(zip).Single(e => e.Name == entry).Central;

    /// <summary>Inserts bytes before the central directory and moves every offset that points past them.</summary>
    private static byte[] Inserted(byte[] zip, int at, byte[] bytes)
    {
        var directory = CentralDirectoryOffset(zip);
        if (at > directory)
        {
            throw new ArgumentOutOfRangeException(nameof(at), "only before the central directory");
        }

        var moved = Entries(zip).Where(e => e.Local >= at).Select(e => e.Central + bytes.Length).ToList();
        var result = (byte[])[.. zip.AsSpan(0, at), .. bytes, .. zip.AsSpan(at)];
        foreach (var central in moved)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(central + 42), U32(result, central + 42) + (uint)bytes.Length);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(EndOfCentralDirectoryOf(result) + 16), (uint)(directory + bytes.Length));
        return result;
    }

    /// <summary>A stream that cannot seek, so that System.IO.Compression writes data descriptors.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    [GeneratedRegex("(?<row><row r=\"2\"[^>]*>.*?)</row>")]
    private static partial Regex TitleRow();

    [GeneratedRegex("(?<cell><c r=\"B4\"[^>]*? s=\")\\d+\"")]
    private static partial Regex StyleOfB4();

    [GeneratedRegex("(?<cell><c r=\"B4\"[^>]*t=\"s\"[^>]*><v>)\\d+<")]
    private static partial Regex SharedStringOfB4();
}
