using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>
/// One place for what every text from a form may hold: no control characters but line breaks and tabs, and no bidi
/// overrides but in a user name. A NUL sent in a multipart form was stored, showed as "�" on the page and broke the
/// Excel exports; a U+202E reversed a 催办 on every page.
/// </summary>
public sealed class TextInputBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string)
            ? new TextInputBinder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class TextInputBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            // A user name keeps its bidi overrides: the account rules refuse it as disguised and the audit log marks it.
            var freeText = bindingContext.ModelMetadata.Name is not ("UserName" or "userName");
            if (bindingContext.Result is { IsModelSet: true, Model: string text } && PlainText.WithoutControls(text, freeText) is var clean && !ReferenceEquals(clean, text))
            {
                bindingContext.Result = ModelBindingResult.Success(clean);
            }
        }
    }
}
