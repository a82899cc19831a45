using Linze.BizEnv.Web.Domain;

namespace Linze.BizEnv.Web.Notifications;

/// <summary>What a robot webhook set on a unit's page may be: an http(s) address of bounded length, and a short secret.</summary>
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
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            throw new RefusedException($"{field}须是以 https:// 开头的完整地址（从钉钉或企业微信群机器人设置中复制）。");
        }

        return value;
    }
}
