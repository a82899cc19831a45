using System.Net;
using Linze.BizEnv.IntegrationTests.Workflow;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.IntegrationTests.Reliability;

/// <summary>When the evidence disk fails, the user keeps what they typed and nothing half-written is left behind.</summary>
public sealed class StorageFailureTests
{
    /// <summary>
    /// A portal whose evidence folder cannot be created: its path is a regular file, which stops even root (the tests'
    /// user here), as a full or read-only disk would.
    /// </summary>
    private sealed class BrokenDiskPortal : BizEnvFactory
    {
        public string BlockingFile { get; } = Path.Combine(Path.GetTempPath(), $"bizenv-not-a-folder-{Guid.NewGuid():N}");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            File.WriteAllText(BlockingFile, "这里应当是一个文件夹");
            base.ConfigureWebHost(builder);
            builder.UseSetting("Evidence:Path", BlockingFile);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            File.Delete(BlockingFile);
        }
    }

    [Fact]
    public async Task AnUnwritableEvidenceDiskKeepsTheFormSaysWhatFailedAndWritesNothing()
    {
        using var portal = new BrokenDiskPortal();
        var id = await portal.NewProblemAsync();
        var unit = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Unit, "县市场监管局"));

        using var response = await unit.PostMultipartAsync($"/problems/{id}", $"/problems/{id}/entries",
            new() { ["Text"] = "磁盘满时填写的进展", ["PercentComplete"] = "30", ["Date"] = ChinaTime.Today(portal.Clock).ToString("yyyy-MM-dd") }, ("证明.pdf", Scenario.Pdf));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("未能保存到服务器", html, StringComparison.Ordinal);
        Assert.Contains("磁盘满时填写的进展", html, StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithDbAsync(db => db.ProgressEntries.CountAsync(e => e.ProblemId == id)));
        Assert.Equal(0, (await portal.ProblemAsync(id)).PercentComplete);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(portal.BlockingFile) + "*.tmp"));
    }

    [Fact]
    public async Task AnEvidenceFileMissingFromDiskIsAChinese404NotA500()
    {
        using var portal = new BizEnvFactory();
        var id = await portal.NewProblemAsync();
        await portal.ProgressWithEvidenceAsync(id);
        var evidence = await portal.WithDbAsync(db => db.Evidence.SingleAsync(e => e.ProgressEntry.ProblemId == id));
        File.Delete(Path.Combine(portal.EvidenceDirectory, evidence.Sha256[..2], evidence.Sha256));

        using var response = await (await portal.ViewerClientAsync()).GetAsync(new Uri($"/evidence/{evidence.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("佐证材料文件不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
