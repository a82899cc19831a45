using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;
using Linze.BizEnv.Web.Features.Errors;
using Linze.BizEnv.Web.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>A page a workflow step shows again, with the reason, when the step is refused.</summary>
public interface IRefusablePage
{
    string? Error { get; set; }
}

/// <summary>A page whose form asks the user to confirm an unusual value (<see cref="UnconfirmedException"/>) and send it again.</summary>
public interface IConfirmingPage
{
    void AskToConfirm();
}

/// <summary>One step of the workflow as a controller action describes it; <see cref="WorkflowSteps.RunAsync"/> carries it out.</summary>
/// <param name="Operation">What the user must be allowed to do with the resource.</param>
/// <param name="Act">The step itself: a refusal is a <see cref="RefusedException"/> or a <see cref="ConcurrencyConflictException"/>.</param>
/// <param name="Notice">What the next page tells the user when the step is done.</param>
/// <param name="Next">Where the user goes when the step is done.</param>
/// <param name="View">The view that shows the page again on a refusal.</param>
/// <param name="Page">The page as it is now, to show again on a refusal.</param>
/// <param name="KeepInput">Puts what the user typed back into that page.</param>
/// <param name="Outcome">When the step itself says what it did (read after it is done), that replaces <paramref name="Notice"/>.</param>
public sealed record WorkflowStep<TResource, TPage>(
    OperationAuthorizationRequirement Operation,
    Func<TResource, Task> Act,
    string Notice,
    Func<TResource, IActionResult> Next,
    Func<TResource, string> View,
    Func<TResource, Task<TPage?>> Page,
    Action<TPage>? KeepInput = null,
    Func<string?>? Outcome = null)
    where TResource : class
    where TPage : class, IRefusablePage;

/// <summary>
/// The one pipeline of every workflow POST (problems, indicators, progress entries): the resource is found (else 404),
/// the user authorized against it by the resource handler (else 403), the form checked, the step done, and the user
/// sent on with a notice. A refusal — an invalid form, a <see cref="RefusedException"/>, a concurrency conflict —
/// shows the page again as it is now with HTTP 422 (429 when too fast), the Chinese reason, and what the user typed.
/// </summary>
public static class WorkflowSteps
{
    public static async Task<IActionResult> RunAsync<TResource, TPage>(this Controller controller, TResource? resource, WorkflowStep<TResource, TPage> step)
        where TResource : class
        where TPage : class, IRefusablePage
    {
        if (resource is null)
        {
            return controller.NotFound();
        }

        var authorization = controller.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(controller.User, resource, step.Operation)).Succeeded)
        {
            return controller.Forbid();
        }

        string error;
        var unconfirmed = false;
        var status = StatusCodes.Status422UnprocessableEntity;
        try
        {
            if (!controller.ModelState.IsValid)
            {
                throw FormErrors.Refusal(controller.ModelState);
            }

            await step.Act(resource);
            controller.TempData["Notice"] = step.Outcome?.Invoke() ?? step.Notice;
            return step.Next(resource);
        }
        catch (RefusedException ex)
        {
            error = ex.Message;
            status = FormErrors.StatusFor(ex);
            unconfirmed = ex is UnconfirmedException;
        }
        catch (ConcurrencyConflictException ex)
        {
            error = ex.Message;
        }

        if (await step.Page(resource) is not { } page)
        {
            return controller.NotFound();
        }

        page.Error = error;
        step.KeepInput?.Invoke(page);
        if (unconfirmed && page is IConfirmingPage confirming)
        {
            confirming.AskToConfirm();
        }

        controller.Response.StatusCode = status;
        return controller.View(step.View(resource), page);
    }
}
