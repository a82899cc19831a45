using Linze.BizEnv.Web.Excel;
using Microsoft.AspNetCore.Mvc;

namespace Linze.BizEnv.Web.Features.Imports;

/// <summary>
/// What the two Excel imports (清单 and 台账) share between upload and confirmation: the size limit, reading the upload
/// into memory (the importers check it with <see cref="WorkbookGuard"/>), and the messages for a missing file and an
/// expired preview. The workbook itself waits in <see cref="ImportStaging"/> under a token until it is confirmed.
/// </summary>
internal static class UploadedWorkbook
{
    public const long UploadLimit = WorkbookGuard.MaxFileBytes + (1024 * 1024);

    public const string Expired = "导入预览已失效（超过一天，或已经导入、正在导入），请查看清单确认是否已导入，或重新上传文件。";

    /// <summary>What a confirmation says when another import or edit got in first and this one was rolled back.</summary>
    public const string Raced = "导入时数据正被他人同时修改（例如另一位管理员同时导入），本次未导入任何内容。请重新上传文件预览后再确认。";

    /// <summary>
    /// Previews an upload: reads it, plans the import without writing anything (<paramref name="plan"/>), and stages the
    /// workbook under a token when confirming would change something; <paramref name="show"/> gets the file name, the
    /// plan and the token. No file, or a refusal by the importer, answers with <paramref name="refused"/>.
    /// </summary>
    public static async Task<IActionResult> PreviewAsync<TPlan>(
        ImportStaging staging, IFormFile? file, string noFile, Func<byte[], Task<TPlan>> plan,
        Func<string, TPlan, string?, IActionResult> show, Func<string, IActionResult> refused, CancellationToken ct)
        where TPlan : IImportPlan
    {
        if (await ReadAsync(file, ct) is not { } bytes)
        {
            return refused(noFile);
        }

        try
        {
            var planned = await plan(bytes);
            return show(file!.FileName, planned, planned.NeedsConfirmation ? staging.Stage(bytes) : null);
        }
        catch (ImportRefusedException ex)
        {
            return refused(ex.Message);
        }
    }

    /// <summary>
    /// Confirms a staged workbook once: claims it (a double submit finds it gone), imports it, and deletes it when done;
    /// a refusal, or another writer getting in first (the import is one transaction, so nothing was written), puts it
    /// back and answers with <paramref name="refused"/>, or with <paramref name="refusedWithFile"/> when given (to show the
    /// preview again with the office's choices).
    /// </summary>
    public static async Task<IActionResult> ConfirmAsync(
        ImportStaging staging, string? token, Func<byte[], Task<IActionResult>> import, Func<string, IActionResult> refused,
        Func<ImportRefusedException, byte[], Task<IActionResult>>? refusedWithFile = null)
    {
        if (staging.Claim(token) is not { } bytes)
        {
            return refused(Expired);
        }

        try
        {
            var done = await import(bytes);
            staging.Discard(token!);
            return done;
        }
        catch (ImportRefusedException ex)
        {
            staging.Release(token!);
            return refusedWithFile is null ? refused(ex.Message) : await refusedWithFile(ex, bytes);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            staging.Release(token!);
            return refused(Raced);
        }
    }

    /// <summary>The uploaded bytes (an empty file is refused by the importer as empty), or null when no file was chosen.</summary>
    private static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            return null;
        }

        await using var upload = file.OpenReadStream();
        using var copy = new MemoryStream();
        await upload.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}

/// <summary>What an import would do, planned before it is confirmed.</summary>
public interface IImportPlan
{
    /// <summary>Whether confirming would write anything.</summary>
    bool HasChanges { get; }

    /// <summary>Whether the preview offers a confirmation (a file that changes nothing and offers no choice is not staged).</summary>
    bool NeedsConfirmation => HasChanges;
}
