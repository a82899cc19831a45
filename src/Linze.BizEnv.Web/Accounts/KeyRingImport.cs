using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Data.Seeding;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// Copies keys from the folder that held the key ring before it moved into the database (<see cref="KeyRing"/>) into
/// the database, so sign-ins and trusted browsers from before the upgrade (or from a restored backup) stay valid. A key
/// already in the database is left as it is; the folder is left as it is.
/// </summary>
public sealed class KeyRingImport(BizEnvDbContext db, KeyRing folder, ILogger<KeyRingImport> logger) : IAfterMigration
{
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        if (!Directory.Exists(folder.Folder))
        {
            return;
        }

        // The file-system store names each file after the key's friendly name, as the database store keeps it.
        var files = Directory.GetFiles(folder.Folder, "key-*.xml").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        if (files.Count == 0)
        {
            return;
        }

        var stored = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(ct);
        var added = 0;
        foreach (var (name, file) in files.Where(f => !stored.Contains(f.Key)))
        {
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = await File.ReadAllTextAsync(file, ct) });
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("已将 {Count} 个登录密钥从 {Folder} 导入数据库。Imported data-protection keys from the old key folder into the database", added, folder.Folder);
        }
    }
}
