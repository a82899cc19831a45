using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Linze.BizEnv.Tests;

/// <summary>A log line as the portal wrote it: what a test can check about the log.</summary>
public sealed record CapturedLogEvent(LogEventLevel Level, string SourceContext, string Message, Exception? Exception, IReadOnlyDictionary<string, string> Properties);

/// <summary>Keeps the portal's log events (Warning and above, as the test portal logs) for tests to read.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<CapturedLogEvent> _events = new();

    public void Emit(LogEvent logEvent)
    {
        var source = logEvent.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string s } ? s : "";
        var properties = logEvent.Properties.ToDictionary(p => p.Key, p => p.Value is ScalarValue { Value: var v } ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : p.Value.ToString());
        _events.Enqueue(new CapturedLogEvent(logEvent.Level, source, logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), logEvent.Exception, properties));
    }

    public IReadOnlyList<CapturedLogEvent> Snapshot() => [.. _events];

    public void Clear() => _events.Clear();
}
