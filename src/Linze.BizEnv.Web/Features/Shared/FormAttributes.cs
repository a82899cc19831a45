using System.ComponentModel.DataAnnotations;

namespace Linze.BizEnv.Web.Features.Shared;

/// <summary>A text field's server-side length bound, with the message in Chinese naming the field.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BoundedAttribute : StringLengthAttribute
{
    public BoundedAttribute(int maximumLength)
        : base(maximumLength) => ErrorMessage = "{0}不能超过 {1} 个字，请删减后再提交。";
}

/// <summary>A date a form takes: from 2000 to 2099, so a mistyped year is refused rather than stored.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FormDateAttribute : ValidationAttribute
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public FormDateAttribute() => ErrorMessage = "{0}须在 2000-01-01 至 2099-12-31 之间。";

    public override bool IsValid(object? value) => value is not DateOnly date || (date >= Earliest && date <= Latest);
}
