using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Linze.BizEnv.Web.Configuration;

public static class AccountsExtensions
{
    /// <summary>
    /// Identity on <see cref="BizEnvDbContext"/> with the 等保 login rules (ADR-0005), the sign-in cookie, a
    /// login-required fallback policy and resource-based authorization.
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Cookies are Secure-only unless the portal is told it is served over plain HTTP (Security:RequireHttps=false,
        // an intranet): then they follow the request, which behind a TLS proxy is HTTPS again via X-Forwarded-Proto.
        var cookiePolicy = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")
            || !builder.Configuration.GetValue("Security:RequireHttps", true)
            ? CookieSecurePolicy.SameAsRequest
            : CookieSecurePolicy.Always;
        services.TryAddSingleton(TimeProvider.System);
        // The key ring protects sign-in cookies and trusted-browser cookies: kept in the database, so every instance on
        // it accepts the cookies of the others and a backup of the database holds it (ADR-0020). Keys from the folder
        // that held it before are imported at start.
        services.AddDataProtection().SetApplicationName("Linze.BizEnv").PersistKeysToDbContext<BizEnvDbContext>();
        services.AddSingleton(new KeyRing(KeyRing.FolderFrom(builder.Configuration, builder.Environment.ContentRootPath)));
        services.AddScoped<Data.Seeding.IAfterMigration, KeyRingImport>();
        services.AddScoped<LoginService>();
        services.AddScoped<AccountService>();
        services.AddSingleton<Features.Users.PasswordSheets>();
        services.Configure<Common.PortalOptions>(builder.Configuration.GetSection(Common.PortalOptions.Section));
        services.AddScoped<AccountBootstrapper>();
        services.AddScoped<Data.Seeding.IAfterMigration>(sp => sp.GetRequiredService<AccountBootstrapper>());
        services.AddSingleton<UnknownUserThrottle>();
        services.AddSingleton<ClientAddressThrottle>();
        services.AddSingleton<DeviceThrottle>();
        services.AddSingleton<TrustedDevices>();

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                // Composition is checked by PasswordPolicy as "three of four classes", which Identity cannot express.
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                // Unit accounts are named after their unit, in Chinese.
                o.User.AllowedUserNameCharacters = "";
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<BizEnvDbContext>()
            .AddUserManager<AppUserManager>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, time) => o.TimeProvider = time);

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "bizenv.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = cookiePolicy;
            o.ExpireTimeSpan = SessionLifetime.Idle;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/error/403";
            o.Events.OnValidatePrincipal = SessionLifetime.ValidatePrincipalAsync;
            // A form posted after the session ended cannot be replayed after login (it would be a GET of a POST-only
            // address, a 405): send the user back to the page the form was on, and say that what they sent was not saved.
            o.Events.OnRedirectToLogin = context =>
            {
                if (HttpMethods.IsPost(context.Request.Method))
                {
                    var back = Features.Errors.ErrorPages.LocalReferrer(context.HttpContext) ?? "/";
                    var request = context.Request;
                    context.RedirectUri = $"{request.Scheme}://{request.Host}{request.PathBase}{context.Options.LoginPath}?ReturnUrl={Uri.EscapeDataString(back)}&expired=1";
                }

                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
            // A signed-in user without the right gets a plain 403 (shown as the Chinese error page), not a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "bizenv.af";
            o.Cookie.SecurePolicy = cookiePolicy;
        });

        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "bizenv.notice";
            o.Cookie.SecurePolicy = cookiePolicy;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddScoped<IAuthorizationHandler, ResourceAuthorizationHandler>();
        return builder;
    }
}

/// <summary>
/// The folder that held the data-protection key ring before it moved into the database: <c>DataProtection:KeysPath</c>,
/// relative to the content root unless rooted. Its keys are imported at start (<see cref="KeyRingImport"/>).
/// </summary>
public sealed record KeyRing(string Folder)
{
    public const string DefaultPath = "App_Data/keys";

    public static string FolderFrom(IConfiguration configuration, string contentRoot)
    {
        var path = configuration["DataProtection:KeysPath"] is { Length: > 0 } configured ? configured : DefaultPath;
        return Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path);
    }
}
