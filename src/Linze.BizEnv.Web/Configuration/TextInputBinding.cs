using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>
/// One place for what every text from a form may hold: no control characters but line breaks and tabs. A NUL sent
/// in a multipart form was stored, showed as "�" on the page and broke the Excel exports.
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
            if (bindingContext.Result is { IsModelSet: true, Model: string text } && PlainText.WithoutControls(text) is var clean && !ReferenceEquals(clean, text))
            {
                bindingContext.Result = ModelBindingResult.Success(clean);
            }
        }
    }
}
