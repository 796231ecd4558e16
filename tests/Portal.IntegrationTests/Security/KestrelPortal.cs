using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.IntegrationTests.Security;

/// <summary>
/// Portal on a real Kestrel loopback port (so requests have a remote address, as rate limits and
/// sign-in audit need), with a low sign-in rate limit and every log line kept for inspection.
/// </summary>
public sealed class KestrelPortal : WebApplicationFactory<Program>
{
    public const string AdminPassword = "kestrel-admin-password";

    public const int RateLimit = 6;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "portal-kestrel-" + Guid.NewGuid().ToString("N"));

    public KestrelPortal()
    {
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
    }

    public Uri BaseAddress { get; }

    /// <summary>Every message logged at any level that the app's configuration lets through.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public HttpClient NewClient() => new() { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("PORTAL_DATA", _data);
        builder.UseSetting("PORTAL_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("PORTAL_ENGINE", "unix:///var/run/docker.sock");
        builder.UseSetting("PORTAL_PORT", "0");
        builder.UseSetting("PORTAL_SIGNIN_RATE_LIMIT", RateLimit.ToString(CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Logs)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; it is a temp folder.
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
