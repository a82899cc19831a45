using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Web.Excel;

/// <summary>
/// Holds an uploaded workbook between its preview and its confirmation, under a random token, for at most a day.
/// The token is the only handle: 32 hex characters, checked before it is used in a path.
/// </summary>
public sealed partial class ImportStaging(string root, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public string Stage(byte[] workbook)
    {
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateFiles(root, "*.xlsx").Where(f => time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(f) > Lifetime))
        {
            File.Delete(stale);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(PathOf(token), workbook);
        return token;
    }

    /// <summary>The staged workbook, or null when the token is malformed, unknown or expired.</summary>
    public byte[]? Read(string? token) =>
        token is not null && TokenPattern().IsMatch(token) && File.Exists(PathOf(token)) ? File.ReadAllBytes(PathOf(token)) : null;

    public void Discard(string token)
    {
        if (TokenPattern().IsMatch(token))
        {
            File.Delete(PathOf(token));
        }
    }

    private string PathOf(string token) => Path.Combine(root, token + ".xlsx");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenPattern();
}
