using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linze.BizEnv.Tests;

/// <summary>A request a robot webhook received: its path, query string and JSON body.</summary>
public sealed record RobotRequest(string Path, IReadOnlyDictionary<string, string> Query, string Body, DateTime AtUtc);

/// <summary>
/// Stands in for 钉钉's and 企业微信's robot webhooks on loopback: records every request and answers <c>{"errcode":0}</c>,
/// or what <see cref="Answer"/> says for a path.
/// </summary>
public sealed class RobotStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public RobotStub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            Requests.Add(new RobotRequest(context.Request.Path.Value ?? "", context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), body, DateTime.UtcNow));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Answers.TryGetValue(context.Request.Path.Value ?? "", out var answer) ? answer : "{\"errcode\":0,\"errmsg\":\"ok\"}");
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseAddress = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public string BaseAddress { get; }

    public ConcurrentBag<RobotRequest> Requests { get; } = [];

    public ConcurrentDictionary<string, string> Answers { get; } = new();

    public IReadOnlyList<RobotRequest> At(string path) => [.. Requests.Where(r => r.Path == path).OrderBy(r => r.AtUtc)];

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
