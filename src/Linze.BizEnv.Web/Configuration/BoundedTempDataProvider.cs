using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Linze.BizEnv.Web.Features.Shared;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>
/// The notice cookie's provider, with every text cut to <see cref="RequestLimits.NoticeChars"/> characters. A notice
/// quotes names (a unit, a list title); unbounded, one long name became hundreds of cookie chunks and every later
/// request from that browser was refused with 431.
/// </summary>
public sealed class BoundedTempDataProvider(CookieTempDataProvider inner) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        foreach (var (key, value) in values.ToList())
        {
            if (value is string text && text.Length > RequestLimits.NoticeChars)
            {
                values[key] = text[..(RequestLimits.NoticeChars - 1)] + "…";
            }
        }

        inner.SaveTempData(context, values);
    }
}
