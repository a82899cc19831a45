using System.ComponentModel.DataAnnotations;
using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Configuration;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Features.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Linze.BizEnv.Web.Features.Shared;

namespace Linze.BizEnv.Web.Features.Account;

[Route("account")]
public sealed class AccountController(LoginService login, UserManager<AppUser> users, SignInManager<AppUser> signIn, TrustedDevices devices) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl(returnUrl)) : View(new LoginModel { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    [ShowsFormErrors]
    [RequestSizeLimit(RequestLimits.LoginBodyBytes)]
    [RequestFormLimits(ValueLengthLimit = RequestLimits.LoginValueBytes, MultipartBodyLengthLimit = RequestLimits.LoginBodyBytes)]
    public async Task<IActionResult> Login(LoginModel model, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            model.Password = null;
            return View(model);
        }

        var browser = devices.Read(Request);
        var (outcome, user) = await login.LoginAsync(model.UserName!, model.Password!, new LoginClient(HttpContext.Connection.RemoteIpAddress, browser), ct);
        if (outcome == LoginOutcome.Succeeded)
        {
            devices.Remember(HttpContext, user!);
        }
        else if (user is not null && outcome is LoginOutcome.Failed or LoginOutcome.LockedOut)
        {
            // A wrong password on a trusted browser: it is trusted no more for this account.
            devices.Forget(HttpContext, user);
        }

        switch (outcome)
        {
            case LoginOutcome.Succeeded:
                return LocalRedirect(SafeReturnUrl(model.ReturnUrl));
            case LoginOutcome.LockedOut:
                ModelState.AddModelError("", "登录失败次数过多，账号已锁定 15 分钟，请稍后再试。如忘记密码，请联系县营商办重置。");
                break;
            case LoginOutcome.AddressThrottled:
                ModelState.AddModelError("", "此电脑登录失败次数过多，请 15 分钟后再试。如忘记密码，请联系县营商办重置。");
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
    [ShowsFormErrors]
    public async Task<IActionResult> ChangePassword(ChangePasswordModel model, CancellationToken ct)
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
            var result = await users.ChangePasswordAsync(user, model.CurrentPassword!, model.NewPassword!);
            if (result.Succeeded)
            {
                // Only now: a failed attempt below saves the user, and must not save the forced change as done.
                user.MustChangePassword = false;
                await users.UpdateAsync(user);
                await signIn.RefreshSignInAsync(user);
                devices.Remember(HttpContext, user); // the new password's stamp: this browser stays trusted

                TempData["Notice"] = "密码已修改。";
                return LocalRedirect("/");
            }

            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // A wrong current password counts towards lockout, as a wrong login does; a lockout ends the sessions.
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user))
                {
                    await login.EndSessionsAfterLockoutAsync(user, ct);
                    TempData["Notice"] = "当前密码连续输错 5 次，账号已锁定 15 分钟，已退出登录。如忘记密码，请联系县营商办重置。";
                    return RedirectToAction(nameof(Login));
                }
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
    [StringLength(FieldLengths.IdentityKey, ErrorMessage = "用户名不能超过 64 个字符。")]
    [Display(Name = "用户名")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "请输入密码。")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = "密码不能超过 128 个字符。")]
    [DataType(DataType.Password)]
    [Display(Name = "密码")]
    public string? Password { get; set; }

    [StringLength(2000, ErrorMessage = "登录后返回的地址过长，请从首页重新进入。")]
    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordModel
{
    [Required(ErrorMessage = "请输入当前密码。")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = "密码不能超过 128 个字符。")]
    [DataType(DataType.Password)]
    [Display(Name = "当前密码")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "请输入新密码。")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = "密码不能超过 128 个字符。")]
    [DataType(DataType.Password)]
    [Display(Name = "新密码")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "请再次输入新密码。")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = "密码不能超过 128 个字符。")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
    [Display(Name = "确认新密码")]
    public string? ConfirmPassword { get; set; }

    [BindNever]
    public bool Forced { get; set; }
}
