using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Linze.BizEnv.Web.Authorization;

/// <summary>Marks actions a user may reach before changing a one-time password (change password, log out, errors).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBeforePasswordChangeAttribute : Attribute;

/// <summary>Sends a user who holds a one-time password to the change-password page, whatever they asked for.</summary>
public sealed class PasswordChangeRequiredFilter : IAsyncActionFilter
{
    public const string ChangePasswordPath = "/account/password";

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var allowed = context.ActionDescriptor.EndpointMetadata.OfType<AllowBeforePasswordChangeAttribute>().Any();
        if (!allowed && context.HttpContext.User.MustChangePassword())
        {
            context.Result = new RedirectResult(ChangePasswordPath);
            return Task.CompletedTask;
        }

        return next();
    }
}
