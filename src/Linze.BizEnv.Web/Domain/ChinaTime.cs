namespace Linze.BizEnv.Web.Domain;

/// <summary>Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime From(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    public static DateTime ToUtc(DateTime chinaTime) => DateTime.SpecifyKind(chinaTime - Offset, DateTimeKind.Utc);

    /// <summary>Today's date in China.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(From(time.GetUtcNow().UtcDateTime));

    public static string Format(DateTime? utc) => utc is null ? "" : From(utc.Value).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
