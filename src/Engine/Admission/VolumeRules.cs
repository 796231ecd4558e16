namespace Portal.Engine.Admission;

/// <summary>Volume drivers other than local reach outside the engine.</summary>
public sealed class LocalVolumesOnlyRule : IAdmissionRule<VolumeCreateAdmission>
{
    public const string RuleName = "local-volumes-only";

    public string Name => RuleName;

    public AdmissionRefusal? Check(VolumeCreateAdmission request) =>
        request.EffectiveDriver == "local" ? null : AdmissionRefusal.ReservedForAdmins($"Volume driver '{request.EffectiveDriver}' is reserved for administrators; use local.", "driver");
}

/// <summary>A local volume with <c>o=bind</c> and <c>device=/host/path</c> is a host bind mount under another name.</summary>
public sealed class NoVolumeDriverOptionsRule : IAdmissionRule<VolumeCreateAdmission>
{
    public const string RuleName = "no-volume-driver-options";

    public string Name => RuleName;

    public AdmissionRefusal? Check(VolumeCreateAdmission request)
    {
        if (request.DriverOptions is not { Count: > 0 } options)
        {
            return null;
        }

        var bindsHost = options.Any(o => o.Key == "device" || (o.Key == "o" && o.Value.Split(',').Any(v => v.Trim() is "bind" or "rbind")));
        return AdmissionRefusal.ReservedForAdmins(bindsHost
            ? $"A local volume whose options bind a host path ({Describe(options)}) is a way onto the host; it is reserved for administrators."
            : $"Volume driver options ({Describe(options)}) are reserved for administrators.", "driverOptions");
    }

    private static string Describe(IReadOnlyDictionary<string, string> options) =>
        string.Join(", ", options.Select(o => $"{o.Key}={o.Value}"));
}
