using Microsoft.AspNetCore.Antiforgery;

namespace Linze.BizEnv.Web.Configuration;

/// <summary>
/// Two things ASP.NET Core's antiforgery service does not tell: (1) it logs a tampered or foreign token cookie as an
/// error with a full stack trace, once per request: a scanner wrote thousands of such lines into the log, which
/// shares a disk with the data. Here it gets a logger that writes such a line as one Warning without the stack, at
/// most one every <see cref="Window"/>, saying how many it left out. (2) A form too large to read fails the token
/// check like a missing token; the request is marked (<see cref="IsFormUnreadable"/>) so the page can say which.
/// </summary>
public static class AntiforgeryDiagnostics
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const string UnreadableFormKey = "bizenv.form-unreadable";

    /// <summary>True when this request's token check failed because its form could not be read (too large, or malformed).</summary>
    public static bool IsFormUnreadable(HttpContext context) => context.Items.ContainsKey(UnreadableFormKey);

    public static IServiceCollection AddAntiforgeryDiagnostics(this IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("The antiforgery service is not registered by type.");
        services.Remove(registered);
        services.AddSingleton<IAntiforgery>(sp => new FormAwareAntiforgery((IAntiforgery)ActivatorUtilities.CreateInstance(
            sp, implementation, new QuietLoggerFactory(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()))));
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
                httpContext.Items[UnreadableFormKey] = true;
                throw;
            }
        }
    }

    private sealed class QuietLoggerFactory(ILoggerFactory inner, TimeProvider time) : ILoggerFactory
    {
        private readonly Limiter _limiter = new(time);

        public ILogger CreateLogger(string categoryName) => new QuietLogger(inner.CreateLogger(categoryName), _limiter);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
        }
    }

    private sealed class QuietLogger(ILogger inner, Limiter limiter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel < LogLevel.Warning ? logLevel : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            if (limiter.TryEnter(out var suppressed))
            {
                inner.LogWarning(eventId, "Antiforgery token rejected: {Reason} {Detail} ({Suppressed} similar lines left out before this one)",
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

                _windowEnds = now + Window;
                suppressedBefore = _suppressed;
                _suppressed = 0;
                return true;
            }
        }
    }
}
