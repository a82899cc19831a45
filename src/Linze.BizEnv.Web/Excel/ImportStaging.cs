using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// Holds an uploaded workbook between its preview and its confirmation, under a random token, for at most a day.
/// The token is the only handle: 32 hex characters, checked before it is used in a path. Confirming claims the file
/// (<see cref="Claim"/>): a second confirmation of the same preview, sent while the first runs or after it, finds it gone.
/// </summary>
public sealed partial class ImportStaging(string root, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public string Stage(byte[] workbook)
    {
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateFiles(root, "*.xlsx*").Where(IsExpired))
        {
            File.Delete(stale);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(PathOf(token), workbook);
        return token;
    }

    /// <summary>
    /// Takes the staged workbook to confirm it, or null when it is unknown, expired, or already taken by another
    /// confirmation. The rename is atomic, so of two confirmations sent at once only one gets the file.
    /// </summary>
    public byte[]? Claim(string? token)
    {
        if (token is null || !TokenPattern().IsMatch(token) || !File.Exists(PathOf(token)) || IsExpired(PathOf(token)))
        {
            return null;
        }

        try
        {
            File.Move(PathOf(token), ClaimedPathOf(token));
        }
        catch (IOException)
        {
            return null;
        }

        return File.ReadAllBytes(ClaimedPathOf(token));
    }

    /// <summary>Puts a claimed workbook back, when its import was refused and nothing was written.</summary>
    public void Release(string token)
    {
        if (TokenPattern().IsMatch(token) && File.Exists(ClaimedPathOf(token)))
        {
            File.Move(ClaimedPathOf(token), PathOf(token), overwrite: true);
        }
    }

    public void Discard(string token)
    {
        if (TokenPattern().IsMatch(token))
        {
            File.Delete(PathOf(token));
            File.Delete(ClaimedPathOf(token));
        }
    }

    private bool IsExpired(string path) => time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) > Lifetime;

    private string ClaimedPathOf(string token) => PathOf(token) + ".claimed";

    private string PathOf(string token) => Path.Combine(root, token + ".xlsx");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenPattern();
}
