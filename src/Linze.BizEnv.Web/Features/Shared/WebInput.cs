using System.Security.Claims;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Workflow;

namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>Turns what a request carries into what <see cref="RectificationService"/> takes.</summary>
public static class WebInput
{
    /// <summary>The signed-in user as a writer; the unit only for Unit accounts.</summary>
    public static Writer ToWriter(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.ShownName() ?? "", user.IsInRole(Roles.Unit) ? user.UnitId() : null);

    /// <summary>Opens the uploaded files for <paramref name="work"/> and closes them afterwards.</summary>
    public static async Task WithUploadsAsync(IReadOnlyList<IFormFile>? files, Func<IReadOnlyList<(string FileName, Stream Content)>, Task> work)
    {
        var uploads = (files ?? []).Select(f => (f.FileName, f.OpenReadStream())).ToList();
        try
        {
            await work(uploads);
        }
        finally
        {
            uploads.ForEach(u => u.Item2.Dispose());
        }
    }
}
