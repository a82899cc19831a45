using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Notifications;

/// <summary>
/// What a robot webhook set on a unit's page may be: an http(s) address of bounded length without credentials or hidden
/// characters, and a short secret. Addresses on the county's network (private ranges, a relay on the same host) are
/// allowed, as 政务 editions of the robots and intranet relays live there; link-local addresses (cloud metadata,
/// 169.254.x.x) and 0.0.0.0 are not: no robot lives there.
/// </summary>
public static class RobotAddress
{
    public const int MaxLength = 500;
    public const int SecretMaxLength = 100;

    /// <summary>The address trimmed, or null for blank; refuses, in Chinese, what is not an http(s) address.</summary>
    public static string? Check(string? webhook, string field)
    {
        if (string.IsNullOrWhiteSpace(webhook))
        {
            return null;
        }

        var value = webhook.Trim();
        FieldLengths.Check(value, MaxLength, field);
        if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            throw new RefusedException($"{field}须是以 https:// 或 http:// 开头、不含空格和换行的完整地址（从钉钉或企业微信群机器人设置中复制）。");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new RefusedException($"{field}不能含有用户名或密码（“用户名:密码@”）。钉钉的加签密钥请填在“加签密钥”一栏。");
        }

        if (System.Net.IPAddress.TryParse(uri.IdnHost, out var ip) && IsNowhere(ip))
        {
            throw new RefusedException($"{field}指向本机保留地址（{uri.Host}），不是群机器人的地址。请从钉钉或企业微信群机器人设置中复制地址。");
        }

        return value;
    }

    /// <summary>Link-local (169.254.0.0/16, fe80::/10, where cloud metadata answers) and unspecified addresses.</summary>
    private static bool IsNowhere(System.Net.IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        return ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any) || ip.IsIPv6LinkLocal
            || (bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254);
    }
}
