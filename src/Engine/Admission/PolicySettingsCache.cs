using System.Text.Json;
using Portal.Data.Stores;
using Portal.Engine.Docker;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Admission;

/// <summary>
/// The policy settings in force, read once from the store and kept until an admin saves new ones.
/// Until the first read completes, <see cref="Current"/> is the defaults, which refuse the most.
/// </summary>
/// <remarks>One policy for all of Portal, kept on the local environment's row (the table is keyed by environment).</remarks>
public sealed class PolicySettingsCache(PolicyStore store, Engines engines)
{
    /// <summary>camelCase JSON, as the REST API shows the settings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private volatile PolicySettings? _current;

    /// <summary>The cached settings, or the defaults when they have not been read yet.</summary>
    public PolicySettings Current => _current ?? PolicySettings.Default;

    /// <summary>The settings in force, reading the store on first use or after <see cref="Invalidate"/>.</summary>
    public async ValueTask<PolicySettings> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } cached)
        {
            return cached;
        }

        await engines.Local.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        var json = await store.GetAsync(engines.Local.Id, cancellationToken).ConfigureAwait(false);
        var settings = json is null ? PolicySettings.Default : Deserialize(json);
        _current = settings;
        return settings;
    }

    /// <summary>Stores new settings and makes them current at once.</summary>
    public async Task SaveAsync(PolicySettings settings, string updatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await engines.Local.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        await store.SaveAsync(engines.Local.Id, JsonSerializer.Serialize(settings, Json), updatedBy, cancellationToken).ConfigureAwait(false);
        _current = settings;
    }

    /// <summary>Forgets the cached settings; the next read goes to the store.</summary>
    public void Invalidate() => _current = null;

    private static PolicySettings Deserialize(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<PolicySettings>(json, Json) ?? PolicySettings.Default).Normalize();
        }
        catch (Exception ex) when (ex is JsonException or OperationFailedException)
        {
            // A document that no longer parses must not open the gates: fall back to the strict defaults.
            return PolicySettings.Default;
        }
    }
}
