using Microsoft.AspNetCore.WebUtilities;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;
using Portal.Web.Utils;

namespace Portal.Web.Model;

/// <summary>
/// The environment a page is on, per circuit (or per prerendering request): the URL's <c>env</c> query
/// value, absent meaning the local one. <see cref="EnvironmentCircuitHandler"/> keeps it in step with
/// the URL and enters it around every circuit activity, so components calling Engine services need
/// no change; <see cref="CurrentActor"/> narrows the person to it.
/// </summary>
public sealed class CurrentEnvironment(Engines engines)
{
    /// <summary>The requested environment's name; null for the local one.</summary>
    public string? Name { get; private set; }

    /// <summary>The requested environment's engine; null when no environment has that name.</summary>
    public EnvironmentEngine? Engine => Name is null ? engines.Local : engines.TryGet(Name, out var engine) ? engine : null;

    /// <summary>Reads the <c>env</c> query value of <paramref name="uri"/>; true when the environment changed.</summary>
    public bool SetFromUri(string uri)
    {
        var query = uri.IndexOf('?', StringComparison.Ordinal) is >= 0 and var at ? uri[at..] : "";
        var hash = query.IndexOf('#', StringComparison.Ordinal);
        var value = QueryHelpers.ParseQuery(hash >= 0 ? query[..hash] : query).TryGetValue(PortalUrls.EnvironmentQuery, out var values) ? values.ToString() : null;
        var name = string.IsNullOrEmpty(value) || value == engines.Local.Name ? null : value;
        var changed = name != Name;
        Name = name;
        return changed;
    }

    /// <summary>Enters the requested environment until disposed (nothing for the local one or an unknown name).</summary>
    public IDisposable Enter() => EnvironmentAccess.Enter(Name is null ? null : Engine);

    /// <summary>The environment for <paramref name="actor"/>, narrowed; not found when unknown or not granted.</summary>
    public Task<OpenedEnvironment> OpenAsync(Actor actor, CancellationToken cancellationToken) =>
        engines.OpenAsync(actor, Name ?? engines.Local.Name, cancellationToken);
}
