using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Linze.BizEnv.Web.Features.Account;

[Route("account")]
public sealed class AccountController(LoginService login, UserManager<AppUser> users, SignInManager<AppUser> signIn) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl(returnUrl)) : View(new LoginModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(LoginModel model, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(model);
        }

        var outcome = await login.LoginAsync(model.UserName!, model.Password!, ct);
        switch (outcome)
        {
            case LoginOutcome.Succeeded:
                return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
            case LoginOutcome.LockedOut:
                ModelState.AddModelError("", "登录失败次数过多，账号已锁定 15 分钟，请稍后再试。如忘记密码，请联系县营商办重置。");
                break;
            case LoginOutcome.Disabled:
                ModelState.AddModelError("", "该账号已停用，请联系县营商办。");
                break;
            default:
                ModelState.AddModelError("", "用户名或密码错误。连续输错 5 次，账号将锁定 15 分钟。");
                break;
        }

        model.Password = null;
        return View(model);
    }

    [AllowBeforePasswordChange]
    [HttpPost("logout")]
    public async Task<IActionResult> Logout(CancellationToken ct)
    {
        await login.LogoutAsync(User, ct);
        TempData["Notice"] = "您已安全退出。";
        return RedirectToAction(nameof(Login));
    }

    [AllowBeforePasswordChange]
    [HttpGet("password")]
    public IActionResult ChangePassword() => View(new ChangePasswordModel { Forced = User.MustChangePassword() });

    [AllowBeforePasswordChange]
    [HttpPost("password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordModel model)
    {
        model.Forced = User.MustChangePassword();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid && model.NewPassword == model.CurrentPassword)
        {
            ModelState.AddModelError(nameof(model.NewPassword), "新密码不能与当前密码相同。");
        }

        if (ModelState.IsValid)
        {
            user.MustChangePassword = false;
            var result = await users.ChangePasswordAsync(user, model.CurrentPassword!, model.NewPassword!);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                TempData["Notice"] = "密码已修改。";
                return LocalRedirect("/");
            }

            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // A wrong current password counts towards lockout, as a wrong login does.
                await users.AccessFailedAsync(user);
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(model.CurrentPassword) : nameof(model.NewPassword), error.Description);
            }
        }

        model.CurrentPassword = model.NewPassword = model.ConfirmPassword = null;
        return View(model);
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

public sealed class LoginModel
{
    [Required(ErrorMessage = "请输入用户名。")]
    [Display(Name = "用户名")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "请输入密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "密码")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordModel
{
    [Required(ErrorMessage = "请输入当前密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "当前密码")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "请输入新密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "新密码")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "请再次输入新密码。")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
    [Display(Name = "确认新密码")]
    public string? ConfirmPassword { get; set; }

    public bool Forced { get; set; }
}
