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
            // One unreadable key in the ring stops every instance from reading it (the login page answers 500): skip it.
            var xml = await File.ReadAllTextAsync(file, ct);
            if (!IsKey(xml))
            {
                logger.LogWarning("已跳过无法读取的登录密钥文件 {File}（不是有效的密钥 XML），未导入数据库。Skipped a key file that is not a data-protection key", file);
                continue;
            }

            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = xml });
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("已将 {Count} 个登录密钥从 {Folder} 导入数据库。Imported data-protection keys from the old key folder into the database", added, folder.Folder);
        }
    }

    /// <summary>A data-protection key as the file-system store writes it: a &lt;key id="…"&gt; element.</summary>
    private static bool IsKey(string xml)
    {
        try
        {
            var root = System.Xml.Linq.XElement.Parse(xml);
            return root.Name.LocalName == "key" && Guid.TryParse((string?)root.Attribute("id"), out _);
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }
}
