using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.IntegrationTests.Api;
using Portal.Web.Configuration;
using Xunit;

namespace Portal.IntegrationTests.Hosting;

/// <summary>
/// Closed pages' circuits are kept fewer and shorter than the framework's defaults (issue 16: each kept
/// circuit holds its page's whole component tree; bench/results/pages.md measures what that costs).
/// </summary>
public sealed class CircuitLimitsTests(ApiFixture fx) : IClassFixture<ApiFixture>
{
    [Fact]
    public void Circuits_RunningPortal_KeepsFewClosedPagesBriefly()
    {
        var options = fx.Factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        var defaults = new CircuitOptions();

        Assert.Equal(CircuitLimits.MaxRetained, options.DisconnectedCircuitMaxRetained);
        Assert.Equal(CircuitLimits.RetentionPeriod, options.DisconnectedCircuitRetentionPeriod);
        Assert.InRange(options.DisconnectedCircuitMaxRetained, 1, defaults.DisconnectedCircuitMaxRetained / 4);
        Assert.InRange(options.DisconnectedCircuitRetentionPeriod, TimeSpan.FromSeconds(20), defaults.DisconnectedCircuitRetentionPeriod / 2);
    }
}
