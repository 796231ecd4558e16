using Xunit;

namespace Portal.IntegrationTests.Security.Oidc;

/// <summary>The test provider and a Portal that trusts it, with groups mapped to two teams and Admin.</summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..8];

    public string TeamA => "sso-a-" + Suffix;

    public string TeamB => "sso-b-" + Suffix;

    public TestOidcProvider Provider { get; private set; } = default!;

    public OidcPortal Portal { get; private set; } = default!;

    /// <summary>devs operate team A, watchers view team B (and team A, lower role loses), admins are Admin.</summary>
    public string Map => $"devs={TeamA}:Operator; watchers={TeamB}:Viewer; watchers={TeamA}:Viewer; portal-admins=Admin";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Provider = await TestOidcProvider.StartAsync(ct);
        Portal = new OidcPortal(Provider.Authority, Map);
        await Provider.RegisterClientAsync(Portal.CallbackUri, ct);
    }

    public OidcBrowser Browser() => new(Portal.BaseAddress, Provider.Authority);

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
