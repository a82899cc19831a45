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

    [Fact]
    public async Task ABrokenFileInTheOldKeyFolderIsSkippedAndSignInStillWorks()
    {
        using var portal = new BizEnvFactory();
        Directory.CreateDirectory(portal.KeysDirectory);
        await File.WriteAllTextAsync(Path.Combine(portal.KeysDirectory, "key-00000000-0000-0000-0000-000000000000.xml"), "not xml at all");

        var login = await portal.CreateBareClient().GetAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode); // one unreadable key once made the login page a 500
        Assert.False(await portal.WithDbAsync(db => db.DataProtectionKeys.AnyAsync(k => k.Xml == "not xml at all")));
        await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Admin));
    }
}
