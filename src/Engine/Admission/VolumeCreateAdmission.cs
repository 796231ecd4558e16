namespace Portal.Engine.Admission;

/// <summary>A volume to create: its driver (blank is local) and driver options.</summary>
public sealed record VolumeCreateAdmission(string? Driver, IReadOnlyDictionary<string, string>? DriverOptions) : AdmissionRequest
{
    /// <summary>The driver the engine will use.</summary>
    public string EffectiveDriver => string.IsNullOrWhiteSpace(Driver) ? "local" : Driver.Trim();
}
