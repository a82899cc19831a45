using Linze.BizEnv.Web.Excel;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>
/// What the two Excel imports (清单 and 台账) share between upload and confirmation: the size limit, reading the upload
/// into memory (the importers check it with <see cref="WorkbookGuard"/>), and the messages for a missing file and an
/// expired preview. The workbook itself waits in <see cref="ImportStaging"/> under a token until it is confirmed.
/// </summary>
internal static class UploadedWorkbook
{
    public const long UploadLimit = WorkbookGuard.MaxFileBytes + (1024 * 1024);

    public const string Expired = "导入预览已失效（超过一天或已导入），请重新上传文件。";

    /// <summary>The uploaded bytes, or null when no file (or an empty one) was sent.</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }

        await using var upload = file.OpenReadStream();
        using var copy = new MemoryStream();
        await upload.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}
