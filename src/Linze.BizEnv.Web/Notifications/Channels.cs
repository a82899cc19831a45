using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Linze.BizEnv.Web.Common;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Linze.BizEnv.Web.Notifications;

/// <summary>A notification as it leaves the portal: the link made absolute (when <c>Portal:PublicUrl</c> is set) and the mobiles to @-mention.</summary>
public sealed record OutgoingMessage(NotificationKind Kind, string Title, string Body, string? Link, IReadOnlyList<string> Mobiles);

/// <summary>Where a delivery goes: an email address, or a robot's webhook with its 钉钉 signing secret.</summary>
public sealed record DeliveryTarget(string Address, string? Secret = null);

/// <summary>A channel delivers one message to one target, or throws saying why it could not.</summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }

    Task SendAsync(OutgoingMessage message, DeliveryTarget target, CancellationToken ct);
}

/// <summary>Email through the configured SMTP server (MailKit): a plain-text part and an HTML part, both in Chinese.</summary>
public sealed class EmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public async Task SendAsync(OutgoingMessage message, DeliveryTarget target, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
        {
            throw new InvalidOperationException("邮件服务器已不再配置（Notifications:Smtp:Host、From）。");
        }

        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(Portal.Name, smtp.From!.Trim()));
        mail.To.Add(MailboxAddress.Parse(target.Address));
        mail.Subject = $"【{Portal.Name}】{message.Title}";
        var link = message.Link is null ? "" : $"\n\n查看详情：{message.Link}";
        var html = HtmlEncoder.Default;
        mail.Body = new BodyBuilder
        {
            TextBody = $"{message.Title}\n\n{message.Body}{link}\n\n（本邮件由{Portal.Name}自动发送，请勿直接回复。）",
            HtmlBody = $"<p><strong>{html.Encode(message.Title)}</strong></p><p>{string.Join("<br>", message.Body.Split('\n').Select(html.Encode))}</p>"
                + (message.Link is null ? "" : $"<p><a href=\"{html.Encode(message.Link)}\">查看详情</a></p>")
                + $"<p style=\"color:#6c757d\">本邮件由{html.Encode(Portal.Name)}自动发送，请勿直接回复。</p>",
        }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 15_000 };
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!.Trim(), smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>A group robot's webhook answers JSON with <c>errcode</c> 0 on success (钉钉 and 企业微信 alike).</summary>
public abstract class RobotChannel(IHttpClientFactory clients) : INotificationChannel
{
    public const string HttpClientName = "robots";

    public abstract NotificationChannel Channel { get; }

    public async Task SendAsync(OutgoingMessage message, DeliveryTarget target, CancellationToken ct)
    {
        using var response = await clients.CreateClient(HttpClientName).PostAsJsonAsync(Address(target), Payload(message), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"机器人地址返回 HTTP {(int)response.StatusCode}：{Cut(text)}");
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("errcode", out var code) && code.GetInt32() != 0)
            {
                throw new HttpRequestException($"机器人拒收（errcode {code.GetInt32()}）：{Cut(json.RootElement.TryGetProperty("errmsg", out var why) ? why.GetString() : "")}");
            }
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"机器人地址的回答不是 JSON：{Cut(text)}");
        }
    }

    protected virtual string Address(DeliveryTarget target) => target.Address;

    protected abstract object Payload(OutgoingMessage message);

    /// <summary>
    /// The message as robot markdown: a heading, the body, and the link. What people wrote (a 催办, a problem's text)
    /// is shown as written, never as markdown: its markup characters become their full-width forms, so a link, an image,
    /// a heading or coloured text typed into a 催办 reaches the group as plain text.
    /// </summary>
    internal static string Markdown(OutgoingMessage message) =>
        $"#### {Plain(message.Title)}\n\n{string.Join("\n\n", message.Body.Split('\n').Select(Plain))}" + (message.Link is null ? "" : $"\n\n[查看详情]({message.Link})");

    /// <summary>Text with markdown's and HTML's markup characters replaced by their full-width forms.</summary>
    internal static string Plain(string text)
    {
        var plain = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            plain.Append(c switch
            {
                '[' or ']' or '(' or ')' or '*' or '_' or '#' or '>' or '<' or '!' or '`' or '|' or '~' or '@' or '\\' => (char)(c + 0xFEE0),
                _ => c,
            });
        }

        return plain.ToString();
    }

    private static string Cut(string? text) => text is null ? "" : PlainText.Prefix(text, 200);
}

/// <summary>
/// 钉钉 custom robot: markdown, @-mentions by mobile, and when a secret is set the request is signed as 钉钉 documents
/// it: <c>timestamp</c> (milliseconds) and <c>sign</c> = Base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret)).
/// </summary>
public sealed class DingTalkChannel(IHttpClientFactory clients, TimeProvider time) : RobotChannel(clients)
{
    public override NotificationChannel Channel => NotificationChannel.DingTalk;

    public static string Sign(long timestampMilliseconds, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestampMilliseconds}\n{secret}")));

    protected override string Address(DeliveryTarget target)
    {
        if (string.IsNullOrEmpty(target.Secret))
        {
            return target.Address;
        }

        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        return $"{target.Address}{(target.Address.Contains('?', StringComparison.Ordinal) ? '&' : '?')}timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(timestamp, target.Secret))}";
    }

    protected override object Payload(OutgoingMessage message) => new
    {
        msgtype = "markdown",
        markdown = new
        {
            title = message.Title,
            // 钉钉 notifies a mentioned member only when the text names them too.
            text = Markdown(message) + (message.Mobiles.Count == 0 ? "" : "\n\n" + string.Join(" ", message.Mobiles.Select(m => "@" + m))),
        },
        at = new { atMobiles = message.Mobiles, isAtAll = false },
    };
}

/// <summary>企业微信 group robot: markdown (its markdown cannot @-mention by mobile).</summary>
public sealed class WeComChannel(IHttpClientFactory clients) : RobotChannel(clients)
{
    public override NotificationChannel Channel => NotificationChannel.WeCom;

    protected override object Payload(OutgoingMessage message) => new { msgtype = "markdown", markdown = new { content = Markdown(message) } };
}
