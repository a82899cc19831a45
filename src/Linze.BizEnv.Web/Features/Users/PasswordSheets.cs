using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Linze.BizEnv.Web.Features.Users;

/// <summary>
/// The one-time password sheet of a batch of new unit accounts, kept in memory for the administrator who made it until
/// it is downloaded (once) or <see cref="Lifetime"/> passes. The batch's page can then show the new accounts at once
/// and offer the sheet, instead of answering the click with a download that leaves a stale list behind. Never written
/// to disk; lost with the process (the administrator then resets the passwords).
/// </summary>
public sealed class PasswordSheets(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Kept> _sheets = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="workbook"/> for <paramref name="userId"/>; returns the token of its one download.</summary>
    public string Keep(string userId, string fileName, byte[] workbook)
    {
        var now = time.GetUtcNow();
        foreach (var expired in _sheets.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
        {
            _sheets.TryRemove(expired, out _);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _sheets[token] = new Kept(userId, fileName, workbook, now + Lifetime);
        return token;
    }

    /// <summary>The token of the newest sheet <paramref name="userId"/> has not downloaded yet, so the list keeps offering it after a reload.</summary>
    public string? PendingFor(string userId)
    {
        var now = time.GetUtcNow();
        return _sheets.Where(s => s.Value.UserId == userId && s.Value.Expires > now).OrderByDescending(s => s.Value.Expires).Select(s => s.Key).FirstOrDefault();
    }

    /// <summary>The sheet, removed as it is handed out; null when unknown, expired, taken already or made by someone else.</summary>
    public (string FileName, byte[] Workbook)? Take(string userId, string token)
    {
        if (!_sheets.TryGetValue(token, out var sheet) || sheet.UserId != userId || !_sheets.TryRemove(token, out sheet))
        {
            return null;
        }

        return sheet.Expires > time.GetUtcNow() ? (sheet.FileName, sheet.Workbook) : null;
    }

    private sealed record Kept(string UserId, string FileName, byte[] Workbook, DateTimeOffset Expires);
}
