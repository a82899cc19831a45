using System.Diagnostics;
using System.Security;
using Microsoft.Extensions.Options;

namespace Linze.BizEnv.Web.Documents;

/// <summary>No PDF: LibreOffice is not installed, failed or took too long. The Word document is still there.</summary>
public sealed class PdfUnavailableException(string message) : Domain.RefusedException(message);

/// <summary>
/// A .docx to PDF through LibreOffice headless (Debian's libreoffice-writer-nogui), when the server has it; the portal
/// works without it and says so where PDF is offered. One conversion at a time per process (LibreOffice is heavy and
/// single-instance per profile), each with its own temporary folder, a time limit, and a fontconfig file that maps the
/// official faces the document names to free ones (<see cref="ServerFaces"/>, ADR-0022).
/// </summary>
public sealed class PdfConverter(IOptions<DocumentOptions> options, ILogger<PdfConverter> logger)
{
    public const string Missing = "服务器未安装 LibreOffice，暂不能生成 PDF。请下载 Word 版本（.docx），用 WPS 或 Word 打开后打印或另存为 PDF。";

    /// <summary>The faces a 公文 names and the free face (Debian's fonts-noto-cjk) that stands in for each on the server.</summary>
    public static readonly IReadOnlyList<(string Official, string Free, bool Bold)> ServerFaces =
    [
        (OfficialLayout.TitleFont, "Noto Serif CJK SC", true),
        (OfficialLayout.BodyFont, "Noto Serif CJK SC", false),
        ("仿宋", "Noto Serif CJK SC", false),
        (OfficialLayout.SubheadingFont, "Noto Serif CJK SC", false),
        ("楷体", "Noto Serif CJK SC", false),
        (OfficialLayout.NumberFont, "Noto Serif CJK SC", false),
        ("SimSun", "Noto Serif CJK SC", false),
        (OfficialLayout.HeadingFont, "Noto Sans CJK SC", false),
        ("SimHei", "Noto Sans CJK SC", false),
    ];

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Conversions running or waiting; beyond <see cref="MaxQueued"/> a request is turned away at once, not kept waiting minutes.</summary>
    private static int _queued;

    /// <summary>One converting and three waiting: about half a minute's wait at most on a 2-core server.</summary>
    public const int MaxQueued = 4;

    /// <summary>The <c>soffice</c> that will run; null when none is installed.</summary>
    public string? Executable => Find(options.Value.LibreOfficePath);

    public bool IsAvailable => Executable is not null;

    /// <summary>The PDF of <paramref name="docx"/>; <see cref="PdfUnavailableException"/> (in Chinese) when it cannot be made.</summary>
    public async Task<byte[]> ConvertAsync(byte[] docx, CancellationToken ct = default)
    {
        var soffice = Executable ?? throw new PdfUnavailableException(Missing);
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new PdfUnavailableException($"服务器正在生成其他 PDF（已有 {MaxQueued} 份在处理或排队），请一分钟后再试，或先下载 Word 版本。");
        }

        try
        {
            await OneAtATime.WaitAsync(ct);
        }
        catch
        {
            Interlocked.Decrement(ref _queued);
            throw;
        }

        DirectoryInfo? folder = null;
        try
        {
            folder = Directory.CreateTempSubdirectory("bizenv-pdf-");
            var input = Path.Combine(folder.FullName, "document.docx");
            await File.WriteAllBytesAsync(input, ForLibreOffice(docx), ct);
            var fonts = Path.Combine(folder.FullName, "fonts.conf");
            await File.WriteAllTextAsync(fonts, FontConfig(), ct);

            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder.FullName,
            };
            foreach (var argument in new[]
            {
                "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                $"-env:UserInstallation={new Uri(Path.Combine(folder.FullName, "profile")).AbsoluteUri}",
                "--convert-to", "pdf:writer_pdf_Export", "--outdir", folder.FullName, input,
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["FONTCONFIG_FILE"] = fonts;
            start.Environment["HOME"] = folder.FullName;

            using var process = Process.Start(start) ?? throw new PdfUnavailableException("LibreOffice 未能启动，暂不能生成 PDF。请下载 Word 版本。");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(options.Value.PdfTimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested)
                {
                    throw;
                }

                logger.LogWarning("LibreOffice took longer than {Seconds} s to convert a document; stopped", options.Value.PdfTimeoutSeconds);
                throw new PdfUnavailableException($"生成 PDF 超过 {options.Value.PdfTimeoutSeconds} 秒未完成，已停止。请稍后再试，或下载 Word 版本。");
            }

            var pdf = Path.Combine(folder.FullName, "document.pdf");
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                logger.LogWarning("LibreOffice exited with {Code} without a PDF: {Output} {Error}", process.ExitCode, await output, await error);
                throw new PdfUnavailableException("LibreOffice 未能生成 PDF。请下载 Word 版本，或请管理员查看日志。");
            }

            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            OneAtATime.Release();
            Interlocked.Decrement(ref _queued);
            try
            {
                folder?.Delete(recursive: true);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not delete {Folder}", folder?.FullName);
            }
        }
    }

    /// <summary>
    /// The document as LibreOffice should lay it out: justified paragraphs (两端对齐) set flush left. LibreOffice 7.4 drops
    /// a full-width comma or full stop that hangs past the 28th character of a justified line (measured: "督办，并将" printed
    /// "督办并将"); flush left it keeps it, hung in the margin as Word does. Lines of Chinese text are full either way; a
    /// line with narrower figures in it ends up to a character short. The .docx itself stays justified.
    /// </summary>
    public static byte[] ForLibreOffice(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, true))
        {
            var parts = new DocumentFormat.OpenXml.OpenXmlPartRootElement?[]
            {
                document.MainDocumentPart?.Document, document.MainDocumentPart?.StyleDefinitionsPart?.Styles,
            };
            foreach (var root in parts.OfType<DocumentFormat.OpenXml.OpenXmlPartRootElement>())
            {
                foreach (var jc in root.Descendants<DocumentFormat.OpenXml.Wordprocessing.Justification>()
                    .Where(j => j.Val?.Value == DocumentFormat.OpenXml.Wordprocessing.JustificationValues.Both))
                {
                    jc.Val = DocumentFormat.OpenXml.Wordprocessing.JustificationValues.Left;
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>The system's fontconfig setup and one rule per official face: use the free face instead (bold for 小标宋).</summary>
    public static string FontConfig()
    {
        var rules = ServerFaces.Select(f =>
            $"""
              <match target="pattern">
                <test name="family"><string>{SecurityElement.Escape(f.Official)}</string></test>
                <edit name="family" mode="assign" binding="strong"><string>{f.Free}</string></edit>
                <edit name="lang" mode="assign" binding="strong"><string>zh-cn</string></edit>{(f.Bold ? "\n    <edit name=\"weight\" mode=\"assign\" binding=\"strong\"><const>bold</const></edit>" : "")}
              </match>
            """);
        return $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig>
              <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
            {string.Join("\n", rules)}
            </fontconfig>
            """;
    }

    /// <summary>The configured <c>soffice</c> when it exists; otherwise the first found on the PATH or in the usual places.</summary>
    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { "soffice.exe" } : ["soffice", "libreoffice"];
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(OperatingSystem.IsWindows()
                ? [@"C:\Program Files\LibreOffice\program"]
                : ["/usr/lib/libreoffice/program", "/opt/libreoffice/program", "/usr/local/bin"]);
        return folders.SelectMany(f => names.Select(n => Path.Combine(f, n))).FirstOrDefault(File.Exists);
    }
}
