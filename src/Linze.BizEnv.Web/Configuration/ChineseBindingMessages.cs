using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>Model binding's messages in Chinese, naming the field by its display name (a wrong-typed value is never silently dropped: see InvalidFormFilter).</summary>
public static class ChineseBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{field}”的值“{Shorten(value)}”无效，请重新填写。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"填写的值“{Shorten(value)}”无效，请重新填写。");
        messages.SetUnknownValueIsInvalidAccessor(field => $"“{field}”的值无效，请重新填写。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "填写的值无效，请重新填写。");
        messages.SetValueIsInvalidAccessor(value => $"填写的值“{Shorten(value)}”无效，请重新填写。");
        messages.SetValueMustBeANumberAccessor(field => $"“{field}”须填写数字。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "此处须填写数字。");
        // The value is what was sent, usually empty: the field cannot be named here (a hidden field left empty).
        messages.SetValueMustNotBeNullAccessor(value => string.IsNullOrEmpty(value) ? "表单中有一项必填的内容为空，请刷新页面后重新填写。" : $"“{Shorten(value)}”不能为空。");
        messages.SetMissingBindRequiredValueAccessor(field => $"请填写“{field}”。");
        messages.SetMissingKeyOrValueAccessor(() => "请填写完整。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "提交的内容为空。");
    }

    /// <summary>What the user typed, short enough to quote.</summary>
    private static string Shorten(string? value) =>
        value is null ? "" : PlainText.Shorten(value, 20);
}

/// <summary>
/// The data-annotation rules' messages in Chinese where an attribute sets none of its own (Range, StringLength,
/// MaxLength, MinLength, Required): without it a tampered or over-long field is answered in English.
/// </summary>
public sealed class ChineseValidationMessages : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>()
                     .Where(a => a.ErrorMessage is null && a.ErrorMessageResourceType is null))
        {
            attribute.ErrorMessage = attribute switch
            {
                RangeAttribute => "“{0}”须在 {1} 到 {2} 之间，请重新填写。",
                StringLengthAttribute => "“{0}”不能超过 {1} 个字，请删减后重新提交。",
                MaxLengthAttribute => "“{0}”最多 {1} 项，请减少后重新提交。",
                MinLengthAttribute => "“{0}”至少 {1} 项。",
                RequiredAttribute => "请填写“{0}”。",
                _ => null,
            };
        }
    }
}
