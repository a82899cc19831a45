using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.IntegrationTests.Data;

/// <summary>The data-protection key ring lives in the database (ADR-0020).</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task SigningInKeepsTheKeyInTheDatabaseAndNeverInTheAuditTrail()
    {
        using var portal = new BizEnvFactory();
        await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));

        Assert.True(await portal.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
        Assert.False(Directory.Exists(portal.KeysDirectory) && Directory.EnumerateFiles(portal.KeysDirectory).Any());
        var lines = await portal.WithDbAsync(db => db.AuditEntries.Select(a => new { a.EntityType, a.Changes }).ToListAsync());
        Assert.DoesNotContain(lines, l => l.EntityType == "DataProtectionKey" || (l.Changes ?? "").Contains("masterKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeysLeftInTheOldKeyFolderStillOpenWhatTheyProtectedBeforeTheUpgrade()
    {
        using var portal = new BizEnvFactory();
        // What the portal before ADR-0020 did: its key ring in DataProtection:KeysPath.
        var before = DataProtectionProvider.Create(new DirectoryInfo(portal.KeysDirectory), b => b.SetApplicationName("Linze.BizEnv"))
            .CreateProtector("sign-in").Protect("已登录的用户");

        _ = portal.CreateClient();

        var after = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in");
        Assert.Equal("已登录的用户", after.Unprotect(before));
        Assert.True(await portal.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }
}
