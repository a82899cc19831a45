using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Routing;

namespace Linze.BizEnv.IntegrationTests.Authorization;

/// <summary>
/// Every field of every POST endpoint, found by reflection, sent by a user allowed to call it: over-long text with
/// control characters, and wrong-typed values (letters in numbers, dates and flags, impossible and out-of-range dates
/// and percentages). Each must be refused with a 4xx page or the form again with a Chinese message, change nothing,
/// and never answer 500. A string field without a declared length fails here: every field is bounded on the server.
/// </summary>
public partial class AuthorizationMatrixTests
{
    /// <summary>A bound form field of an endpoint and the values that must be refused.</summary>
    public sealed record Field(string Name, Type Type, int? MaxLength, RangeAttribute? Range);

    public static TheoryData<string> EveryPostEndpoint()
    {
        var data = new TheoryData<string>();
        foreach (var name in Matrix.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPostEndpoint))]
    public async Task EveryFieldRefusesOverLongAndWrongTypedInputAndChangesNothing(string endpoint)
    {
        var row = Matrix[endpoint];
        var session = await AllowedSessionAsync(row.Access);
        var failures = new List<string>();
        foreach (var field in FieldsOf(endpoint))
        {
            if (field.Type == typeof(string) && field.MaxLength is null)
            {
                failures.Add($"{field.Name}: a string field without [StringLength]");
                continue;
            }

            foreach (var value in BadValues(field))
            {
                var (url, form) = await row.Prepare(this);
                // Model binding ignores case: the bad value must replace a row's "Version" when the parameter is "version".
                form = new Dictionary<string, string>(form, StringComparer.OrdinalIgnoreCase) { [field.Name] = value };
                var before = await FingerprintAsync();
                using var response = await PostAsync(session, row, url, form);
                var html = await response.Content.ReadAsStringAsync();
                var shown = Shorten(value);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{field.Name}={shown}: {status}");
                }
                else if (status is < 400 && !(status == 200 && RefusalPattern().IsMatch(html)))
                {
                    failures.Add($"{field.Name}={shown}: {status} without a refusal in Chinese");
                }
                else if (status >= 400 && !ChinesePattern().IsMatch(html))
                {
                    failures.Add($"{field.Name}={shown}: {status} with no Chinese message");
                }

                if (before != await FingerprintAsync())
                {
                    failures.Add($"{field.Name}={shown}: changed the database");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint}:\n" + string.Join("\n", failures));
    }

    private static IEnumerable<string> BadValues(Field field)
    {
        var type = Nullable.GetUnderlyingType(field.Type) ?? field.Type;
        if (type == typeof(string))
        {
            var length = field.MaxLength!.Value * 10;
            yield return string.Concat(Enumerable.Repeat("长a\u0007\r\n\u0000\u202E", (length / 7) + 1))[..length];
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            yield return "abc";
            yield return "99999999999999999999";
            if (field.Range is { } range)
            {
                yield return (Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else if (type == typeof(DateOnly))
        {
            yield return "abc";
            yield return "2022-02-30";
            yield return "1899-12-31";
            yield return "2100-01-01";
        }
        else if (type == typeof(bool) || type == typeof(Guid))
        {
            yield return "abc";
        }
    }

    /// <summary>The form fields an endpoint binds: its simple parameters and the settable properties of its form models, without route values and files.</summary>
    private static IEnumerable<Field> FieldsOf(string endpoint)
    {
        var (controllerName, actionName) = (endpoint.Split('.')[0], endpoint.Split('.')[1]);
        var controller = typeof(Program).Assembly.GetTypes().Single(t => t.Name == controllerName);
        var action = controller.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Single(m => m.Name == actionName && m.GetCustomAttributes<HttpMethodAttribute>().Any(a => a.HttpMethods.Contains("POST")));
        var templates = string.Join("/", controller.GetCustomAttributes<RouteAttribute>().Select(r => r.Template)
            .Concat(action.GetCustomAttributes<HttpMethodAttribute>().Select(a => a.Template ?? "")));
        foreach (var parameter in action.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(CancellationToken) || typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable<IFormFile>).IsAssignableFrom(type)
                || templates.Contains("{" + parameter.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (IsSimple(type))
            {
                yield return new Field(parameter.Name!, type, parameter.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength, parameter.GetCustomAttribute<RangeAttribute>());
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.CanWrite && p.SetMethod!.IsPublic && IsSimple(p.PropertyType) && p.GetCustomAttribute<BindNeverAttribute>() is null))
            {
                yield return new Field(property.Name, property.PropertyType, property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength, property.GetCustomAttribute<RangeAttribute>());
            }
        }
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateOnly) || type == typeof(Guid) || type == typeof(decimal);
    }

    private async Task<WebSession> AllowedSessionAsync(Access access) => access switch
    {
        Access.Anonymous => new WebSession(portal.CreateBareClient()),
        Access.OwnAccount => await portal.SignInAsync(await portal.CreateUserAsync(Linze.BizEnv.Web.Domain.Roles.Viewer)),
        _ => (await UsersForAsync(access)).Allowed,
    };

    private static string Shorten(string value) => value.Length > 12 ? $"{Regex.Escape(value[..6])}…({value.Length})" : value;

    /// <summary>The form shown again with its errors: the validation summary or a workflow error, in Chinese.</summary>
    [GeneratedRegex("(validation-summary-errors|alert-danger)[^>]*>[\\s\\S]{0,400}?[\\u4e00-\\u9fff]")]
    private static partial Regex RefusalPattern();

    [GeneratedRegex("<h1[^>]*>[^<]*[\\u4e00-\\u9fff]|(validation-summary-errors|alert-danger)[^>]*>[\\s\\S]{0,400}?[\\u4e00-\\u9fff]")]
    private static partial Regex ChinesePattern();
}
