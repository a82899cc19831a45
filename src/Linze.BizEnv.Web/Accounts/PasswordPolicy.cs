using System.Reflection;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace Linze.BizEnv.Web.Accounts;

/// <summary>
/// The password rules 等保 assessors expect (ADR-0005): 8 to 128 characters, at least three of upper case, lower
/// case, digit and symbol, not a common password, and not containing the user name.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<AppUser>
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const int RequiredClasses = 3;

    public const string Description = "密码长度 8–128 位，须包含大写字母、小写字母、数字、符号中的至少三类，不能是常见密码，也不能包含用户名。";

    private static readonly Lazy<HashSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(Check(password, user.UserName));

    public static IdentityResult Check(string? password, string? userName)
    {
        password ??= "";
        var errors = new List<IdentityError>();
        if (password.Length > MaxLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"密码不能超过 {MaxLength} 个字符。" });
        }

        var classes = new[] { password.Any(char.IsUpper), password.Any(char.IsLower), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }
            .Count(present => present);
        if (classes < RequiredClasses)
        {
            errors.Add(new IdentityError { Code = "PasswordComposition", Description = "密码须包含大写字母、小写字母、数字、符号中的至少三类。" });
        }

        if (CommonPasswords.Value.Contains(password))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "该密码过于常见，容易被猜中，请换一个。" });
        }

        if (!string.IsNullOrEmpty(userName) && userName.Length >= 3 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名。" });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Linze.BizEnv.Web.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    }
}
