using System.Text.Encodings.Web;
using System.Text.Unicode;
using Linze.BizEnv.Web.Authorization;
using Linze.BizEnv.Web.Data;
using Linze.BizEnv.Web.Features.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.WebEncoders;
using Serilog;
using Linze.BizEnv.Web.Features.Shared;

namespace Linze.BizEnv.Web.Configuration;

public static class WebUiExtensions
{
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add(new PasswordChangeRequiredFilter());
                o.Filters.Add(new AntiforgeryFailurePage());
                o.Filters.Add(new InvalidFormFilter());
                // Route values bind from the route only: a form field "id" must not retarget POST /problems/3/entries.
                var route = o.ValueProviderFactories.OfType<RouteValueProviderFactory>().Single();
                o.ValueProviderFactories.Remove(route);
                o.ValueProviderFactories.Insert(0, route);
                ChineseBindingMessages.Apply(o.ModelBindingMessageProvider);
                o.ModelMetadataDetailsProviders.Add(new ChineseValidationMessages());
                o.ModelBinderProviders.Insert(0, new TextInputBinderProvider());
                // A collection may hold as many items as the largest form may send values (the list import's choices):
                // MVC's default of 1,024 answered a big list's confirmation with a 500. Forms are bounded by their value count.
                o.MaxModelBindingCollectionSize = Features.Imports.ImportChoicesForm.FormValueCount;
            })
            .AddRazorOptions(o =>
            {
                // Feature folders: each feature keeps its controller, view models and views together.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
                o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
            });
        // Write Chinese as characters, not &#x...; entities, in every page.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.AddHealthChecks();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CookieTempDataProvider>(sp, BadCookieLoggerFactory.Create(sp)));
        builder.Services.AddSingleton<ITempDataProvider, BoundedTempDataProvider>();
        builder.Services.AddAntiforgeryDiagnostics();

        // Small bodies unless an endpoint says otherwise (uploads do, at their documented limits).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = RequestLimits.OrdinaryBodyBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = RequestLimits.FormValueBytes;
            o.MultipartBodyLengthLimit = RequestLimits.OrdinaryBodyBytes;
        });
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        // A reverse proxy (nginx, IIS ARR) says which scheme and client address it saw: trusted on the same machine, and
        // from the addresses in ForwardedHeaders:KnownProxies (a proxy in front of several instances, README).
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        foreach (var proxy in app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
        {
            forwarded.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies 中的“{proxy}”不是 IP 地址：请填写反向代理（如 nginx）所在服务器的 IP 地址。"));
        }

        app.UseForwardedHeaders(forwarded);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        // HTTPS and HSTS outside Development; Security:RequireHttps=false for an intranet served over plain HTTP.
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing")
            && app.Configuration.GetValue("Security:RequireHttps", true))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        // The host's logger (LoggingExtensions keeps the static one for start-up), so request lines reach the log file.
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestId", http.TraceIdentifier);
                diagnostics.Set("UserName", http.User.Identity?.Name ?? "-");
            };
        });
        app.UseClientDisconnects();
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = StaticContentTypes() });
        app.UseRouting();
        app.UseAuthentication();
        app.UseUserNameInLogs();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapControllers();
        return app;
    }

    /// <summary>The framework's types, plus what PDF.js loads: ES modules, character maps, Type 1 fonts, WebAssembly.</summary>
    private static Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider StaticContentTypes()
    {
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".bcmap"] = "application/octet-stream";
        types.Mappings[".pfb"] = "application/octet-stream";
        types.Mappings[".wasm"] = "application/wasm";
        return types;
    }
}

/// <summary>A request whose client hung up is answered 499 and logged as such, not as a server error with a stack trace.</summary>
public static class ClientDisconnects
{
    public const int ClientClosedRequest = 499;

    public static WebApplication UseClientDisconnects(this WebApplication app)
    {
        app.Use(HandleAsync);
        return app;
    }

    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ClientClosedRequest;
                // Nobody is there to read an error page.
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }
            }
        }
    }
}
