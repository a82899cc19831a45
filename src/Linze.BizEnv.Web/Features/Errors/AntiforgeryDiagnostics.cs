using Microsoft.AspNetCore.Antiforgery;

namespace Linze.BizEnv.Web.Features.Errors;

/// <summary>
/// Two things ASP.NET Core's antiforgery service does not tell: (1) it logs a tampered or foreign token cookie as an
/// error with a full stack trace, once per request: a scanner wrote thousands of such lines into the log, which
/// shares a disk with the data; it gets a <see cref="BadCookieLoggerFactory"/>. (2) A form too large or malformed to
/// read fails the token check like a missing token; the request is marked (<see cref="UnreadableFormOf"/>) so the
/// page can say which.
/// </summary>
public enum UnreadableForm
{
    TooLarge,
    Malformed,
}

public static class AntiforgeryDiagnostics
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const string UnreadableFormKey = "bizenv.form-unreadable";

    /// <summary>Why this request's token check failed, when it was its form that could not be read; null otherwise.</summary>
    public static UnreadableForm? UnreadableFormOf(HttpContext context) => context.Items[UnreadableFormKey] as UnreadableForm?;

    public static IServiceCollection AddAntiforgeryDiagnostics(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("The antiforgery service is not registered by type.");
        services.Remove(registered);
        services.AddSingleton<IAntiforgery>(sp => new FormAwareAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(
            sp, implementation, BadCookieLoggerFactory.Create(sp))));
        return services;
    }

    private sealed class FormAwareAntiforgery(IAntiforgery inner) : IAntiforgery
    {
        public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => inner.GetAndStoreTokens(httpContext);

        public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

        public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

        public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

        public async Task ValidateRequestAsync(HttpContext httpContext)
        {
            try
            {
                await inner.ValidateRequestAsync(httpContext);
            }
            catch (AntiforgeryValidationException ex) when (ex.InnerException is InvalidDataException or IOException)
            {
                // Kestrel's body limit (413) and the form reader's limits name themselves; anything else is a malformed body.
                var tooLarge = ex.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    || ex.InnerException.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
                httpContext.Items[UnreadableFormKey] = tooLarge ? UnreadableForm.TooLarge : UnreadableForm.Malformed;
                throw;
            }
        }
    }
}

/// <summary>
/// A logger factory for the framework services that read cookies from the browser (antiforgery, the notice cookie):
/// what they log at Warning or above — a cookie that fails to decrypt, with a full stack trace, once per request — is
/// written as one Warning without the stack, at most one every <see cref="AntiforgeryDiagnostics.Window"/>, saying how
/// many it left out, so an outsider sending forged cookies cannot flood the log.
/// </summary>
public sealed class BadCookieLoggerFactory(ILoggerFactory inner, TimeProvider time) : ILoggerFactory
{
    private readonly Limiter _limiter = new(time);

    public static ILoggerFactory Create(IServiceProvider services) =>
        new BadCookieLoggerFactory(services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>());

    public ILogger CreateLogger(string categoryName) => new QuietLogger(inner.CreateLogger(categoryName), _limiter);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
    }

    private sealed class QuietLogger(ILogger inner, Limiter limiter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel) || inner.IsEnabled(LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Only failures (a cookie that did not decrypt) are quieted; other lines pass as they are.
            if (logLevel < LogLevel.Warning || exception is null)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            if (limiter.TryEnter(out var suppressed))
            {
                inner.LogWarning(eventId, "Cookie from the browser rejected: {Reason} {Detail} ({Suppressed} similar lines left out before this one)",
                    formatter(state, exception), exception?.Message, suppressed);
            }
        }
    }

    /// <summary>One line per window; counts the lines it refuses.</summary>
    private sealed class Limiter(TimeProvider time)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _windowEnds = DateTimeOffset.MinValue;
        private int _suppressed;

        public bool TryEnter(out int suppressedBefore)
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                if (now < _windowEnds)
                {
                    _suppressed++;
                    suppressedBefore = 0;
                    return false;
                }

                _windowEnds = now + AntiforgeryDiagnostics.Window;
                suppressedBefore = _suppressed;
                _suppressed = 0;
                return true;
            }
        }
    }
}
