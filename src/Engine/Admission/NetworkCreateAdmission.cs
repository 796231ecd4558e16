namespace Portal.Engine.Admission;

/// <summary>A network to create: its driver (blank is bridge), driver options, and whether it is shared with every team.</summary>
public sealed record NetworkCreateAdmission(string? Driver, IReadOnlyDictionary<string, string>? Options, bool Shared) : AdmissionRequest
{
    /// <summary>The driver the engine will use.</summary>
    public string EffectiveDriver => string.IsNullOrWhiteSpace(Driver) ? "bridge" : Driver.Trim();
}
