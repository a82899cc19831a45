using Linze.BizEnv.Web.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Linze.BizEnv.Web.Features.Errors;

/// <summary>
/// Chinese error pages, reached by re-execution from the status-code and exception middleware. A re-executed POST
/// keeps its method, so these pages must not ask for an antiforgery token (that would refuse the error page itself).
/// </summary>
[AllowAnonymous]
[AllowBeforePasswordChange]
[IgnoreAntiforgeryToken]
[ShowsFormErrors]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    /// <summary>The exception handler's page; asked for directly, with no error behind it, there is nothing here.</summary>
    [Route("/error")]
    public IActionResult Index() => Status(StatusCodes.Status500InternalServerError);

    [Route("/error/{code:int}")]
    public IActionResult Status(int code)
    {
        // Only a re-executed request carries a status; asked for directly, these pages are not there.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        if (code is < 400 or > 599 || !reExecuted)
        {
            code = StatusCodes.Status404NotFound;
        }

        var (title, message) = code switch
        {
            StatusCodes.Status400BadRequest => ("请求无效", "提交的内容无法处理，请返回上一页检查后重试。"),
            StatusCodes.Status403Forbidden => ("无权访问", "您的账号没有访问此页面或执行此操作的权限。"),
            StatusCodes.Status404NotFound => ("页面不存在", "您访问的页面或记录不存在，可能已被删除或地址有误。"),
            StatusCodes.Status413PayloadTooLarge => ErrorPages.TooLarge,
            StatusCodes.Status431RequestHeaderFieldsTooLarge => ("请求过大", "浏览器发送的 Cookie 过多或过大。请清除本网站的 Cookie（或关闭浏览器后重新打开）再访问。"),
            _ when code >= 500 => ("系统出错了", "服务器处理请求时出错，请稍后重试；如果问题持续，请联系县营商办。"),
            _ => ("请求未能完成", "请返回上一页重试。"),
        };
        return ErrorPages.View(HttpContext, code, title, message);
    }
}

public sealed record ErrorPageModel(int StatusCode, string Title, string Message, string? BackUrl = null);
