using System.Net;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.Tests;

/// <summary>
/// A browser-like session over an HttpClient that keeps cookies and does not follow redirects: forms are
/// posted with the antiforgery token read from the page that holds them, as a browser would.
/// </summary>
public sealed partial class WebSession
{
    public WebSession(HttpClient client)
    {
        Client = client;
        // Each session is its own computer: a loopback-range address the portal reads from X-Forwarded-For (it trusts
        // a proxy on the same machine), so the per-address login throttle sees browsers apart as it would in an office.
        var address = $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";
        Client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", address);
    }

    public HttpClient Client { get; }

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(new Uri(url, UriKind.Relative));

    public async Task<string> GetHtmlAsync(string url)
    {
        using var response = await GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> LoginAsync(string userName, string password) =>
        PostFormAsync("/account/login", "/account/login", new() { ["UserName"] = userName, ["Password"] = password });

    /// <summary>Loads <paramref name="formPage"/>, takes its antiforgery token and posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await GetHtmlAsync(formPage);
        var token = TokenPattern().Match(html);
        var form = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        // As a browser would, send the hidden fields of the form that posts to this action (a version, say), unless given.
        foreach (var (name, value) in HiddenFieldsOf(html, action))
        {
            form.TryAdd(name, value);
        }

        using var content = new FormUrlEncodedContent(form);
        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Like <see cref="PostFormAsync"/>, as multipart/form-data with files (name, bytes) under the field "files".</summary>
    public Task<HttpResponseMessage> PostMultipartAsync(string formPage, string action, Dictionary<string, string> fields, params (string Name, byte[] Content)[] files) =>
        PostFilesAsync(formPage, action, "files", fields, files);

    /// <summary>Multipart/form-data with the files under the form field <paramref name="field"/>.</summary>
    public async Task<HttpResponseMessage> PostFilesAsync(string formPage, string action, string field, Dictionary<string, string> fields, params (string Name, byte[] Content)[] files)
    {
        var html = await GetHtmlAsync(formPage);
        using var form = new MultipartFormDataContent();
        var token = TokenPattern().Match(html);
        if (token.Success)
        {
            form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        }

        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), field, name);
        }

        return await Client.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    /// <summary>Posts without any antiforgery token, as a forged cross-site request would.</summary>
    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string action, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    private static IEnumerable<(string Name, string Value)> HiddenFieldsOf(string html, string action)
    {
        var form = FormPattern().Matches(html).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups["action"].Value) == action);
        if (form is null)
        {
            yield break;
        }

        foreach (Match input in HiddenInputPattern().Matches(form.Groups["body"].Value))
        {
            var name = AttributePattern("name").Match(input.Value);
            var value = AttributePattern("value").Match(input.Value);
            if (name.Success && name.Groups[1].Value != "__RequestVerificationToken")
            {
                yield return (WebUtility.HtmlDecode(name.Groups[1].Value), value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "");
            }
        }
    }

    private static Regex AttributePattern(string attribute) => new($"\\s{attribute}=\"([^\"]*)\"", RegexOptions.CultureInvariant);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<form[^>]*\\saction=\"(?<action>[^\"]*)\"[^>]*>(?<body>[\\s\\S]*?)</form>")]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInputPattern();
}
