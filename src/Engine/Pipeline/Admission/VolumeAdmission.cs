using Portal.Engine.Volumes;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>
/// What non-admins may not ask for when creating a volume. A local volume with <c>o=bind</c> and
/// <c>device=/host/path</c> is a host bind mount under another name, and other drivers reach
/// outside the engine; so driver options and non-local drivers are admin-only.
/// </summary>
public static class VolumeAdmission
{
    public const string DriverOptionsRule = "no-volume-driver-options";

    public const string LocalDriverRule = "local-volumes-only";

    public static void Admit(Actor actor, CreateVolumeRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (actor.IsAdmin)
        {
            return;
        }

        var driver = string.IsNullOrWhiteSpace(request.Driver) ? "local" : request.Driver.Trim();
        if (driver != "local")
        {
            throw NetworkAdmission.Refuse(LocalDriverRule, $"Volume driver '{driver}' is reserved for administrators; use local.");
        }

        if (request.DriverOptions is { Count: > 0 } options)
        {
            var bindsHost = options.Any(o => o.Key == "device" || (o.Key == "o" && o.Value.Split(',').Any(v => v.Trim() is "bind" or "rbind")));
            throw NetworkAdmission.Refuse(DriverOptionsRule, bindsHost
                ? $"A local volume whose options bind a host path ({Describe(options)}) is a way onto the host; it is reserved for administrators."
                : $"Volume driver options ({Describe(options)}) are reserved for administrators.");
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string> options) =>
        string.Join(", ", options.Select(o => $"{o.Key}={o.Value}"));
}
