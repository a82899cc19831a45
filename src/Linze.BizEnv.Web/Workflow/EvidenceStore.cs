using System.IO.Compression;
using System.Security.Cryptography;
using Linze.BizEnv.Web.Common;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Workflow;

/// <summary>The <c>Evidence</c> configuration section.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    public const long MaxFileBytes = 20L * 1024 * 1024;

    public const int MaxFilesPerEntry = 10;

    /// <summary>Where files are kept, relative to the content root unless rooted.</summary>
    public string Path { get; set; } = "App_Data/evidence";
}

/// <summary>The evidence folder cannot be written (a full or read-only disk): answered 503, with the form kept.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : RefusedException(message, inner);

/// <summary>A file whose content has been checked, held in memory until it is saved.</summary>
public sealed record CheckedFile(string FileName, string ContentType, string Sha256, byte[] Content)
{
    public long Size => Content.LongLength;
}

/// <summary>
/// Keeps evidence files on disk by their SHA-256 (the same file uploaded twice is stored once). Files are accepted
/// by what their bytes are — PDF, PNG/JPEG/GIF images, Word/Excel/WPS documents (OLE or OOXML), OFD — never by
/// their name, and refused when empty or over 20 MB.
/// </summary>
public sealed class EvidenceStore(string root)
{
    /// <summary>The folder the files are kept in.</summary>
    public string Root => root;

    /// <summary>Reads and checks a file; throws <see cref="RefusedException"/> naming the file when it is refused. Writes nothing.</summary>
    /// <summary>
    /// Whether a stored file may be shown in the browser rather than downloaded: only the types whose content was
    /// checked and that no browser runs as a page (PDF, PNG, JPEG). GIF and Office/OFD files download.
    /// </summary>
    public static bool OpensInBrowser(string contentType) => contentType is "application/pdf" or "image/png" or "image/jpeg";

    public static async Task<CheckedFile> CheckAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        var name = FileNames.Uploaded(fileName, FieldLengths.Title);

        using var buffer = new CappedMemoryStream(EvidenceOptions.MaxFileBytes);
        try
        {
            await content.CopyToAsync(buffer, ct);
        }
        catch (UploadTooLargeException)
        {
            throw new RefusedException($"文件“{name}”超过 20 MB，未保存。");
        }

        if (buffer.Length == 0)
        {
            throw new RefusedException($"文件“{name}”是空文件，未保存。");
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var contentType = Detect(bytes.Span, buffer)
            ?? throw new RefusedException($"文件“{name}”不是允许的类型（PDF、图片、Word/Excel/WPS 文档、OFD），未保存。系统按文件内容判断类型，而不是扩展名。");
        return new CheckedFile(NameFor(name, contentType), contentType, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), bytes.ToArray());
    }

    /// <summary>
    /// The name a file is kept and downloaded under: its extension must be one its content has, else the content's own
    /// extension is added ("报告.pdf.cmd" holding a PDF downloads as "报告.pdf.cmd.pdf", never as a command file).
    /// </summary>
    public static string NameFor(string safeName, string contentType)
    {
        var allowed = ExtensionsByType.GetValueOrDefault(contentType, []);
        var extension = System.IO.Path.GetExtension(safeName);
        return allowed.Length == 0 || allowed.Contains(extension, StringComparer.OrdinalIgnoreCase) ? safeName : FileNames.Safe(safeName + allowed[0], FieldLengths.Title);
    }

    private static readonly Dictionary<string, string[]> ExtensionsByType = new()
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg", ".jpe"],
        ["image/gif"] = [".gif"],
        ["application/x-ole-storage"] = [".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".dot", ".xlt", ".wpt", ".ett"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [".docx", ".dotx", ".wps"],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [".xlsx", ".xltx", ".et"],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [".pptx", ".dps"],
        ["application/ofd"] = [".ofd"],
    };

    /// <summary>Writes a checked file under its hash (once: identical files share one copy).</summary>
    /// <summary>
    /// Writes a checked file under its hash (once: identical files share one copy), through a temporary file that is
    /// removed if anything fails. Returns true when this call stored a new file, so that the caller can remove it again
    /// if its database row is not written. A full or read-only disk is a <see cref="StorageUnavailableException"/>.
    /// </summary>
    public async Task<bool> SaveAsync(CheckedFile file, CancellationToken ct = default)
    {
        var path = PathOf(file.Sha256);
        if (File.Exists(path))
        {
            return false;
        }

        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(temp, file.Content, ct);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new StorageUnavailableException($"佐证材料“{file.FileName}”未能保存到服务器（磁盘已满或不可写），本条进展未登记。您填写的内容仍在表单中，请稍后重试；如仍不行，请联系县营商办。", ex);
        }
    }

    /// <summary>Removes a file stored by <see cref="SaveAsync"/> whose row was never written.</summary>
    public void Remove(string sha256) => TryDelete(PathOf(sha256));

    /// <summary>Whether a row refers to the file: a progress entry's evidence or a 本县现值's (identical files share one copy).</summary>
    public static async Task<bool> IsReferencedAsync(Data.BizEnvDbContext db, string sha256) =>
        await db.Evidence.AnyAsync(e => e.Sha256 == sha256, CancellationToken.None)
        || await db.MetricReadings.AnyAsync(r => r.EvidenceSha256 == sha256, CancellationToken.None);

    /// <summary>The stored file, or null when it is missing (a restore without the evidence folder, a disk failure).</summary>
    public Stream? OpenRead(string sha256)
    {
        try
        {
            return File.OpenRead(PathOf(sha256));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: a stray file is harmless, and an identical upload reuses it.
        }
    }

    private string PathOf(string sha256) => PathIn(root, sha256);

    /// <summary>Where the file with this hash is kept under an evidence folder (its first two hex digits name a subfolder).</summary>
    public static string PathIn(string folder, string sha256) =>
        System.IO.Path.Combine(folder, sha256[..2], sha256);

    /// <summary>The content type for bytes that are an accepted kind of document; null otherwise.</summary>
    internal static string? Detect(ReadOnlySpan<byte> head, Stream whole)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        // OLE compound file: .doc, .xls, .wps, .et, .dps.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return "application/x-ole-storage";
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) ? DetectZip(whole) : null;
    }

    /// <summary>A zip is accepted only as an Office Open XML document or an OFD document, judged by its entry names.</summary>
    private static string? DetectZip(Stream whole)
    {
        try
        {
            whole.Position = 0;
            using var zip = new ZipArchive(whole, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (names.Contains("OFD.xml"))
            {
                return "application/ofd";
            }

            if (!names.Contains("[Content_Types].xml"))
            {
                return null;
            }

            return names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                : names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
