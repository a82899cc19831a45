using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Linze.BizEnv.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd writing each message it accepts into a Maildir
/// (scripts/test.sh installs it). <see cref="Stop"/> and <see cref="Start"/> make the mail server go down and come back
/// on the same port.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly string _maildir = Path.Combine(Path.GetTempPath(), $"bizenv-mail-{Guid.NewGuid():N}");
    private Process? _server;

    public SmtpSink()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        _server = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start (install python3-aiosmtpd)");
        var until = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_server.HasExited)
                {
                    throw new InvalidOperationException("aiosmtpd exited: " + _server.StandardError.ReadToEnd());
                }

                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"aiosmtpd did not listen on port {Port}");
    }

    public void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        _server = null;
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(_maildir, "new");
        return Directory.Exists(folder)
            ? [.. new DirectoryInfo(folder).GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => MimeMessage.Load(f.FullName))]
            : [];
    }

    /// <summary>The messages sent to one address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Messages().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(_maildir))
        {
            Directory.Delete(_maildir, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
