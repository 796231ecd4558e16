using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Entities;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Tests.Docker;

public sealed class EngineConnectionTests
{
    private const string Endpoint = "unix:///run/example.sock";

    [Theory]
    [InlineData("access-denied", "Permission denied on unix:///run/example.sock: run Portal as root or as a member of the docker group.")]
    [InlineData("unauthorized", "Permission denied on unix:///run/example.sock: run Portal as root or as a member of the docker group.")]
    [InlineData("refused", "No Docker engine answers at unix:///run/example.sock: is dockerd running?")]
    [InlineData("not-available", "No Docker engine answers at unix:///run/example.sock: is dockerd running?")]
    [InlineData("file-not-found", "No Docker engine answers at unix:///run/example.sock: is dockerd running?")]
    [InlineData("timeout", "The Docker engine at unix:///run/example.sock did not answer in time.")]
    [InlineData("cancelled", "The Docker engine at unix:///run/example.sock did not answer in time.")]
    [InlineData("wrapped-refused", "No Docker engine answers at unix:///run/example.sock: is dockerd running?")]
    [InlineData("wrapped-denied", "Permission denied on unix:///run/example.sock: run Portal as root or as a member of the docker group.")]
    public void Describe_KnownFailure_SaysWhatToFix(string kind, string expected)
    {
        Assert.Equal(expected, EngineConnection.Describe(Failure(kind), Endpoint));
    }

    [Fact]
    public void Describe_OtherSocketError_NamesEndpointAndReason()
    {
        var ex = new SocketException((int)SocketError.HostUnreachable);

        var message = EngineConnection.Describe(ex, Endpoint);

        Assert.Equal($"Cannot reach the Docker engine at {Endpoint}: {ex.Message}", message);
    }

    [Fact]
    public void Describe_UnknownFailure_NamesEndpointAndMessage()
    {
        Assert.Equal($"Cannot reach the Docker engine at {Endpoint}: odd", EngineConnection.Describe(new InvalidOperationException("odd"), Endpoint));
    }

    [Fact]
    public async Task ConnectAsync_NoSocketAtPath_UnavailableAndClientRefuses()
    {
        var missing = $"unix:///tmp/portal-test-{Guid.NewGuid():N}.sock";
        using var connection = new EngineConnection(new EnvironmentDefinition("local", EnvironmentKind.Socket, missing), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance);
        var changes = new List<EngineStatus>();
        connection.StatusChanged += changes.Add;

        var status = await connection.ConnectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(EngineState.Unavailable, status.State);
        Assert.Equal($"No Docker engine answers at {missing}: is dockerd running?", status.Reason);
        Assert.Equal([status], changes);
        var refused = Assert.Throws<OperationFailedException>(() => connection.Client);
        Assert.Equal(OperationOutcome.EngineUnavailable, refused.Outcome);
        Assert.Contains(status.Reason!, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetUnavailable_SameReasonTwice_RaisesOnce()
    {
        using var connection = new EngineConnection(new EnvironmentDefinition("local", EnvironmentKind.Socket, Endpoint), TimeSpan.FromSeconds(100), TimeProvider.System, NullLogger<EngineConnection>.Instance);
        var changes = 0;
        connection.StatusChanged += _ => changes++;

        connection.SetUnavailable("gone");
        connection.SetUnavailable("gone");
        connection.SetUnavailable("still gone");

        Assert.Equal(2, changes);
        Assert.Equal("still gone", connection.Status.Reason);
    }

    private static Exception Failure(string kind) => kind switch
    {
        "access-denied" => new SocketException((int)SocketError.AccessDenied),
        "unauthorized" => new UnauthorizedAccessException(),
        "refused" => new SocketException((int)SocketError.ConnectionRefused),
        "not-available" => new SocketException((int)SocketError.AddressNotAvailable),
        "file-not-found" => new FileNotFoundException(),
        "timeout" => new TimeoutException(),
        "cancelled" => new TaskCanceledException(),
        "wrapped-refused" => new HttpRequestException("outer", new IOException("middle", new SocketException((int)SocketError.ConnectionRefused))),
        "wrapped-denied" => new InvalidOperationException("outer", new UnauthorizedAccessException()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
