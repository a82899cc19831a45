using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Linze.BizEnv.Web.Data.Backup;

/// <summary>One file in a backup archive and its checksum.</summary>
public sealed record BackupFile(string Path, long Size, string Sha256);

/// <summary>What a backup archive holds: the database's schema (its last migration), when it was taken, and every file with its checksum.</summary>
public sealed record BackupManifest(int Format, string Schema, DateTime CreatedAtUtc, IReadOnlyList<BackupFile> Files, IReadOnlyList<string> MissingEvidence);

/// <summary>A backup or restore that cannot be done; the message is Chinese and says what to do. Nothing was written.</summary>
public sealed class BackupRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Backs up and restores the portal's data as one archive: a consistent snapshot of the SQLite database taken under
/// load (<c>VACUUM INTO</c>, which reads in one transaction while writers go on), the evidence files that snapshot
/// refers to, the data-protection key ring (without it, sign-in cookies and protected values cannot be read) and a
/// manifest with a SHA-256 of every file. A restore checks the whole archive before it writes anything, refuses a
/// damaged archive, an archive of a newer schema and a target database that already holds data.
/// </summary>
public static class BackupArchive
{
    public const int Format = 1;
    private const string DatabaseEntry = "database/bizenv.db";
    private const string ManifestEntry = "manifest.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(string databaseFile, string evidenceRoot, string? keysFolder, string archivePath, TimeProvider time, CancellationToken ct = default)
    {
        var work = Path.Combine(Path.GetTempPath(), $"bizenv-backup-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var snapshot = Path.Combine(work, "bizenv.db");
            await SnapshotAsync(databaseFile, snapshot, ct);
            var (schema, hashes) = await ReadSnapshotAsync(snapshot, ct);

            var files = new List<BackupFile>();
            var missing = new List<string>();
            var temporary = $"{archivePath}.{Guid.NewGuid():N}.partial";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                files.Add(await AddAsync(zip, DatabaseEntry, snapshot, ct));
                foreach (var sha in hashes)
                {
                    var source = Path.Combine(evidenceRoot, sha[..2], sha);
                    if (File.Exists(source))
                    {
                        files.Add(await AddAsync(zip, $"evidence/{sha[..2]}/{sha}", source, ct));
                    }
                    else
                    {
                        missing.Add(sha);
                    }
                }

                if (keysFolder is not null && Directory.Exists(keysFolder))
                {
                    foreach (var key in Directory.GetFiles(keysFolder, "*.xml"))
                    {
                        files.Add(await AddAsync(zip, $"keys/{Path.GetFileName(key)}", key, ct));
                    }
                }

                var manifest = new BackupManifest(Format, schema, time.GetUtcNow().UtcDateTime, files, missing);
                await using var entry = zip.CreateEntry(ManifestEntry).Open();
                await JsonSerializer.SerializeAsync(entry, manifest, Json, ct);
            }

            File.Move(temporary, archivePath, overwrite: true);
            return new BackupManifest(Format, schema, time.GetUtcNow().UtcDateTime, files, missing);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Reads an archive and checks every file against the manifest; throws <see cref="BackupRefusedException"/> when anything is off.</summary>
    public static async Task<BackupManifest> VerifyAsync(string archivePath, CancellationToken ct = default)
    {
        try
        {
            using var zip = ZipFile.OpenRead(archivePath);
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new BackupRefusedException("备份文件不完整：缺少清单（manifest.json），未恢复任何内容。");
            BackupManifest manifest;
            await using (var stream = manifestEntry.Open())
            {
                manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct)
                    ?? throw new BackupRefusedException("备份文件的清单无法读取，未恢复任何内容。");
            }

            if (manifest.Format != Format)
            {
                throw new BackupRefusedException($"备份文件的格式（{manifest.Format}）不是本门户能读的格式（{Format}），未恢复任何内容。");
            }

            foreach (var file in manifest.Files)
            {
                var entry = zip.GetEntry(file.Path) ?? throw new BackupRefusedException($"备份文件已损坏：缺少 {file.Path}，未恢复任何内容。");
                await using var content = entry.Open();
                var (size, sha) = await HashAsync(content, ct);
                if (size != file.Size || sha != file.Sha256)
                {
                    throw new BackupRefusedException($"备份文件已损坏：{file.Path} 的校验值不符，未恢复任何内容。请换一份备份。");
                }
            }

            if (!manifest.Files.Any(f => f.Path == DatabaseEntry))
            {
                throw new BackupRefusedException("备份文件不完整：缺少数据库，未恢复任何内容。");
            }

            return manifest;
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException and not FileNotFoundException)
        {
            throw new BackupRefusedException("备份文件已损坏，无法读取，未恢复任何内容。请换一份备份。", ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new BackupRefusedException($"找不到备份文件 {archivePath}。", ex);
        }
    }

    /// <summary>
    /// Restores into a database file that is absent or empty, the evidence folder and the key ring folder. The archive
    /// is checked whole first; the database is written to a temporary file and moved into place last of all.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(
        string archivePath, string databaseFile, string evidenceRoot, string? keysFolder, IReadOnlyList<string> knownMigrations, CancellationToken ct = default)
    {
        var manifest = await VerifyAsync(archivePath, ct);
        if (!knownMigrations.Contains(manifest.Schema))
        {
            throw new BackupRefusedException(knownMigrations.Count > 0 && string.CompareOrdinal(manifest.Schema, knownMigrations[^1]) > 0
                ? $"备份来自更新版本的门户（数据库结构 {manifest.Schema}），本版本最新为 {knownMigrations[^1]}：请先升级门户，再恢复。未恢复任何内容。"
                : $"备份的数据库结构 {manifest.Schema} 不是本门户的任何版本，未恢复任何内容。");
        }

        if (await HoldsDataAsync(databaseFile, ct))
        {
            throw new BackupRefusedException($"目标数据库 {Path.GetFullPath(databaseFile)} 已有数据：恢复只写入不存在或空的数据库。请先把它移走（并保留一份），再恢复。未恢复任何内容。");
        }

        using var zip = ZipFile.OpenRead(archivePath);
        foreach (var file in manifest.Files.Where(f => f.Path.StartsWith("evidence/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(evidenceRoot, file.Path["evidence/".Length..].Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(target))
            {
                await ExtractAsync(zip.GetEntry(file.Path)!, target, ct);
            }
        }

        if (keysFolder is not null)
        {
            foreach (var file in manifest.Files.Where(f => f.Path.StartsWith("keys/", StringComparison.Ordinal)))
            {
                var target = Path.Combine(keysFolder, Path.GetFileName(file.Path));
                if (!File.Exists(target))
                {
                    await ExtractAsync(zip.GetEntry(file.Path)!, target, ct);
                }
            }
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(databaseFile + suffix);
        }

        var temporary = databaseFile + ".restoring";
        await ExtractAsync(zip.GetEntry(DatabaseEntry)!, temporary, ct);
        File.Move(temporary, databaseFile, overwrite: true);
        return manifest;
    }

    private static async Task SnapshotAsync(string databaseFile, string snapshot, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 30000;";
        await busy.ExecuteNonQueryAsync(ct);
        await using var vacuum = connection.CreateCommand();
        vacuum.CommandText = "VACUUM INTO $path;";
        vacuum.Parameters.AddWithValue("$path", snapshot);
        await vacuum.ExecuteNonQueryAsync(ct);
    }

    private static async Task<(string Schema, List<string> Hashes)> ReadSnapshotAsync(string snapshot, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={snapshot};Pooling=False");
        await connection.OpenAsync(ct);
        await using var schema = connection.CreateCommand();
        schema.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\" DESC LIMIT 1;";
        var last = (string?)await schema.ExecuteScalarAsync(ct) ?? throw new BackupRefusedException("数据库还没有任何结构（未迁移），没有可备份的内容。");
        await using var evidence = connection.CreateCommand();
        // Every file a row refers to: progress entries' evidence and, since 对标 (issue #16), 本县现值 readings' evidence.
        evidence.CommandText = """
            SELECT "Sha256" FROM "Evidence"
            UNION SELECT "EvidenceSha256" FROM "MetricReadings" WHERE "EvidenceSha256" IS NOT NULL;
            """;
        var hashes = new List<string>();
        await using var reader = await evidence.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hashes.Add(reader.GetString(0).Trim());
        }

        return (last, hashes);
    }

    private static async Task<bool> HoldsDataAsync(string databaseFile, CancellationToken ct)
    {
        if (!File.Exists(databaseFile) || new FileInfo(databaseFile).Length == 0)
        {
            return false;
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('ResponsibilityLists', 'AspNetUsers');";
        if ((long)(await command.ExecuteScalarAsync(ct))! < 2)
        {
            return false;
        }

        command.CommandText = "SELECT (SELECT COUNT(*) FROM \"ResponsibilityLists\") + (SELECT COUNT(*) FROM \"AspNetUsers\");";
        return (long)(await command.ExecuteScalarAsync(ct))! > 0;
    }

    private static async Task<BackupFile> AddAsync(ZipArchive zip, string path, string source, CancellationToken ct)
    {
        await using (var input = File.OpenRead(source))
        await using (var entry = zip.CreateEntry(path, CompressionLevel.Fastest).Open())
        {
            await input.CopyToAsync(entry, ct);
        }

        await using var again = File.OpenRead(source);
        var (size, sha) = await HashAsync(again, ct);
        return new BackupFile(path, size, sha);
    }

    private static async Task ExtractAsync(ZipArchiveEntry entry, string target, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var input = entry.Open())
        await using (var output = File.Create(temporary))
        {
            await input.CopyToAsync(output, ct);
        }

        File.Move(temporary, target, overwrite: true);
    }

    private static async Task<(long Size, string Sha256)> HashAsync(Stream content, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }

        return (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
