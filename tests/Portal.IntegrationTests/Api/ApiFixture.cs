using System.Net.Http.Json;
using Portal.TestSupport;
using Xunit;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// One Portal host for the API tests with two teams: operator and viewer in team A, an operator
/// in team B, and the admin. Names are unique per run so nothing clashes with other data.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string Password = "member-password-1";

    public DaemonFixture Daemon { get; } = new();

    public PortalApiFactory Factory { get; } = new();

    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..8];

    public string TeamA => "team-a-" + Suffix;

    public string TeamB => "team-b-" + Suffix;

    public string OperatorA => "op-a-" + Suffix;

    public string ViewerA => "viewer-a-" + Suffix;

    public string OperatorB => "op-b-" + Suffix;

    public HttpClient Admin { get; private set; } = default!;

    public HttpClient AsOperatorA { get; private set; } = default!;

    public HttpClient AsViewerA { get; private set; } = default!;

    public HttpClient AsOperatorB { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        await Daemon.InitializeAsync();
        var ct = Daemon.Lifetime;
        Admin = await Factory.ClientForAsync("admin", PortalApiFactory.AdminPassword, ct);
        foreach (var team in new[] { TeamA, TeamB })
        {
            (await Admin.PostAsJsonAsync("/api/v1/teams", new { name = team }, ct)).EnsureSuccessStatusCode();
        }

        await CreateUserAsync(OperatorA, "Operator", TeamA, ct);
        await CreateUserAsync(ViewerA, "Viewer", TeamA, ct);
        await CreateUserAsync(OperatorB, "Operator", TeamB, ct);
        AsOperatorA = await Factory.ClientForAsync(OperatorA, Password, ct);
        AsViewerA = await Factory.ClientForAsync(ViewerA, Password, ct);
        AsOperatorB = await Factory.ClientForAsync(OperatorB, Password, ct);
    }

    /// <summary>The session label in the API's label map, so the daemon fixture cleans the container up.</summary>
    public Dictionary<string, string> Labels => new(Daemon.SessionLabels);

    public async Task CreateUserAsync(string name, string role, string team, CancellationToken ct) =>
        (await Admin.PostAsJsonAsync("/api/v1/users", new { username = name, password = Password, role, teams = new[] { team } }, ct)).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Factory.DisposeAsync();
        }
        finally
        {
            // The engine objects go even when the host failed to stop cleanly.
            await Daemon.DisposeAsync();
        }
    }
}
