using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Web.Model;

/// <summary>
/// Runs every inbound activity of a circuit (events, JS calls, navigation, the first render) inside the
/// page's environment (<see cref="CurrentEnvironment"/>), so work started there, awaited continuations
/// and timers included, reaches that environment's engine.
/// </summary>
/// <remarks>
/// A navigation is itself an activity entered with the old URL; the new page renders while the location
/// change is raised, so this handler (subscribed before the router, at circuit start) enters the new
/// environment right there. That scope ends with the activity, as every activity's does.
/// </remarks>
public sealed class EnvironmentCircuitHandler : CircuitHandler, IDisposable
{
    private readonly CurrentEnvironment _current;
    private readonly NavigationManager _navigation;

    public EnvironmentCircuitHandler(CurrentEnvironment current, NavigationManager navigation)
    {
        _current = current;
        _navigation = navigation;
        _navigation.LocationChanged += OnLocationChanged;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) => async context =>
    {
        if (Uri() is { } uri)
        {
            _current.SetFromUri(uri);
        }

        using (_current.Enter())
        {
            await next(context);
        }
    };

    public void Dispose() => _navigation.LocationChanged -= OnLocationChanged;

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (_current.SetFromUri(e.Location))
        {
            // Deliberately not disposed here: the activity this runs in restores the previous scope when it ends.
            _ = _current.Enter();
        }
    }

    /// <summary>The circuit's URL, or null before the navigation manager was initialised.</summary>
    private string? Uri()
    {
        try
        {
            return _navigation.Uri;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
