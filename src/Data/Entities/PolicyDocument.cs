namespace Portal.Data.Entities;

/// <summary>
/// The admission policy of one environment, stored as a JSON document so that a new setting
/// needs no schema change; the Engine owns its shape and defaults.
/// </summary>
public sealed class PolicyDocument
{
    public int Id { get; set; }

    /// <summary>The environment the policy governs (one row per endpoint).</summary>
    public int EndpointId { get; set; }

    /// <summary>The settings as JSON, written and read by the Engine's policy settings type.</summary>
    public required string Json { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
