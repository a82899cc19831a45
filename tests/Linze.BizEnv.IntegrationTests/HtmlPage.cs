using System.Net;
using System.Text.RegularExpressions;

namespace Linze.BizEnv.IntegrationTests;

/// <summary>A fetched page with small helpers to read what a user sees in it.</summary>
public sealed partial class HtmlPage(HttpStatusCode status, string html)
{
    public HttpStatusCode Status { get; } = status;

    public string Html { get; } = html;

    public string H1 => Text(H1Pattern().Match(Html).Groups[1].Value);

    public static async Task<HtmlPage> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return new HtmlPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The markup inside the element with this id, up to the first closing tag given.</summary>
    public string Section(string id, string closingTag)
    {
        var idAt = Html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(idAt >= 0, $"the page has no element with id \"{id}\"");
        var start = Html.IndexOf('>', idAt) + 1;
        var end = Html.IndexOf(closingTag, start, StringComparison.Ordinal);
        return Html[start..(end < 0 ? Html.Length : end)];
    }

    /// <summary>The body rows of a table, each as its cells' text.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows(string tableId)
    {
        var table = Section(tableId, "</table>");
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return [.. RowPattern().Matches(body)
            .Select(r => (IReadOnlyList<string>)[.. CellPattern().Matches(r.Groups[1].Value).Select(c => Text(c.Groups[1].Value))])];
    }

    /// <summary>The text of each list item inside the element with this id.</summary>
    public IReadOnlyList<string> Items(string id, string closingTag) =>
        [.. ItemPattern().Matches(Section(id, closingTag)).Select(m => Text(m.Groups[1].Value))];

    /// <summary>The decoded value of an attribute of the element with this id.</summary>
    public string Attribute(string id, string name)
    {
        var match = Regex.Match(Html, $"<[^>]*id=\"{Regex.Escape(id)}\"[^>]*\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        Assert.True(match.Success, $"the page has no element with id \"{id}\" and attribute {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string Text(string markup) =>
        WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(markup, ""), " ")).Trim();

    [GeneratedRegex("<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1Pattern();

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<li[^>]*>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ItemPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
