namespace Portal.Engine.Compose.Model;

/// <summary>A service's <c>pull_policy</c>, reduced to what <c>up</c> does with it.</summary>
public enum ComposePullPolicy
{
    /// <summary><c>missing</c> / <c>if_not_present</c> (the default), and the periodic <c>daily</c>, <c>weekly</c>, <c>every_…</c>: pull when the engine lacks the image.</summary>
    Missing,

    /// <summary><c>always</c>: pull on every up.</summary>
    Always,

    /// <summary><c>never</c>: use the engine's image or fail.</summary>
    Never,

    /// <summary><c>build</c>: build the image.</summary>
    Build,
}

/// <summary>Reads <see cref="ComposePullPolicy"/> from a service.</summary>
public static class ComposePullPolicies
{
    /// <summary>The policy of <paramref name="service"/>.</summary>
    public static ComposePullPolicy Of(ComposeService service) => (service?.PullPolicy?.ToLowerInvariant()) switch
    {
        "always" => ComposePullPolicy.Always,
        "never" => ComposePullPolicy.Never,
        "build" => ComposePullPolicy.Build,
        _ => ComposePullPolicy.Missing,
    };
}
