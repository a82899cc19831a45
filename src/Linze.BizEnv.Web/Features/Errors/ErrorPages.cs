using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Linze.BizEnv.Web.Features.Errors;

/// <summary>Marks an action (or controller) that shows its own form again with the binding and validation errors.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ShowsFormErrorsAttribute : Attribute;

/// <summary>The Chinese error page as an action result, for controllers and filters alike.</summary>
public static class ErrorPages
{
    public const string ViewPath = "/Features/Errors/Error.cshtml";

    public static readonly (string Title, string Message) TooLarge = ("提交的内容过大",
        "提交的内容超过了允许的大小，未保存。佐证材料每个不超过 20 MB、每次最多 10 个；导入的清单不超过 10 MB；其他表单每项文字请控制在页面提示的字数内。请返回上一页调整后重试。");

    public static ViewResult View(HttpContext context, int status, string title, string message, string? backUrl = null) => new()
    {
        ViewName = ViewPath,
        StatusCode = status,
        ViewData = new ViewDataDictionary(context.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
        {
            Model = new ErrorPageModel(status, title, message, backUrl),
        },
    };

    /// <summary>The page the request came from, when it is on this site: a GET link back to it (never the POST itself).</summary>
    public static string? LocalReferrer(HttpContext context) =>
        Uri.TryCreate(context.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
        && string.Equals(referrer.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && referrer.PathAndQuery.StartsWith('/') && !referrer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
            ? referrer.PathAndQuery
            : null;

    /// <summary>A refused step that has no form to show again: 422 with the reason and a way back.</summary>
    public static ViewResult Refused(ControllerBase controller, string title, string message, string? backUrl) =>
        View(controller.HttpContext, StatusCodes.Status422UnprocessableEntity, title, message, backUrl);
}

/// <summary>
/// Turns a failed antiforgery check into a Chinese page instead of a blank 400: a form too large to be read (413),
/// or a page opened before the user signed in again or out (400, reload and resubmit).
/// </summary>
public sealed class AntiforgeryFailurePage : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        var http = context.HttpContext;
        var back = ErrorPages.LocalReferrer(http);
        context.Result = AntiforgeryDiagnostics.UnreadableFormOf(http) switch
        {
            UnreadableForm.TooLarge =>
                ErrorPages.View(http, StatusCodes.Status413PayloadTooLarge, ErrorPages.TooLarge.Title, ErrorPages.TooLarge.Message, back),
            UnreadableForm.Malformed =>
                ErrorPages.View(http, StatusCodes.Status400BadRequest, "提交的内容无法读取",
                    "提交的内容格式不正确（可能含有无法识别的字符），未保存。请返回上一页，删去从其他软件粘贴来的特殊字符后重新提交。", back),
            _ => ErrorPages.View(http, StatusCodes.Status400BadRequest, "页面已过期",
                "这个页面已过期，或您已在其他窗口重新登录或退出登录，提交的内容未保存。请刷新页面：点击“返回上一页”重新打开它，再填写提交；如仍不行，请重新登录。", back ?? "/"),
        };
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}

/// <summary>
/// Every POST checks what model binding and validation found: an action that does not show its own form again
/// (<see cref="ShowsFormErrorsAttribute"/>) is refused with a 400 page listing the errors, before it runs.
/// </summary>
public sealed class InvalidFormFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.IsValid || !HttpMethods.IsPost(context.HttpContext.Request.Method)
            || context.ActionDescriptor.EndpointMetadata.OfType<ShowsFormErrorsAttribute>().Any())
        {
            return;
        }

        context.Result = ErrorPages.View(context.HttpContext, StatusCodes.Status400BadRequest, "填写的内容有误",
            string.Join(" ", FormErrors.Of(context.ModelState)) + " 未保存任何内容，请返回上一页修改后重新提交。");
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}

public static class FormErrors
{
    /// <summary>A workflow step refused for what binding and validation found, with their messages: shown like any refusal.</summary>
    public static RefusedException Refusal(ModelStateDictionary modelState) =>
        new(string.Join(" ", Of(modelState)) + " 未保存，请修改后重新提交。");

    /// <summary>The status a refused workflow step answers with: 429 too fast, 503 storage down, 422 otherwise.</summary>
    public static int StatusFor(RefusedException refusal) => refusal switch
    {
        TooFastException => StatusCodes.Status429TooManyRequests,
        Workflow.StorageUnavailableException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The binding and validation messages, once each, in the order of the fields.</summary>
    public static IReadOnlyList<string> Of(ModelStateDictionary modelState) =>
        [.. modelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct()];
}
