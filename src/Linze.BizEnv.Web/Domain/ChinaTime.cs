using System.Globalization;

namespace Linze.BizEnv.Web.Domain;

/// <summary>Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime From(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    public static DateTime ToUtc(DateTime chinaTime) => DateTime.SpecifyKind(chinaTime - Offset, DateTimeKind.Utc);

    /// <summary>Today's date in China.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(From(time.GetUtcNow().UtcDateTime));

    /// <summary>A moment as Beijing time: 2026-12-31 15:00:03.</summary>
    public static string Format(DateTime? utc) => utc is null ? "" : From(utc.Value).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The one way a date is written, on every page and in every export: 2026-12-31 (also what an HTML date input
    /// takes), whatever the server's culture; <paramref name="none"/> when there is no date.
    /// </summary>
    public static string FormatDate(DateOnly? date, string none = "") => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? none;
}
