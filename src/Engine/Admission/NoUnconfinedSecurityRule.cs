using System.Text.Json;

namespace Portal.Engine.Admission;

/// <summary>
/// Turning off seccomp, AppArmor or SELinux (or unmasking /proc and /sys) removes the kernel's
/// guard rails. A seccomp profile sent inline whose default action allows every call is
/// unconfined under another name.
/// </summary>
public sealed class NoUnconfinedSecurityRule : IAdmissionRule<ContainerAdmission>
{
    public const string Setting = "allowUnconfinedSecurity";

    public string Name => "no-unconfined-security";

    public AdmissionRefusal? Check(ContainerAdmission request)
    {
        if (request.Settings.AllowUnconfinedSecurity)
        {
            return null;
        }

        var bad = request.Spec.SecurityOpt.Where(IsUnconfined).ToList();
        return bad.Count > 0
            ? new AdmissionRefusal($"Security options ({string.Join(", ", bad.Select(Shorten))}) are reserved for administrators.", Setting) { Field = "securityOpt" }
            : null;
    }

    /// <summary>True for an option that disables confinement; option names take <c>=</c> or <c>:</c>.</summary>
    public static bool IsUnconfined(string option)
    {
        var separator = option.IndexOfAny(['=', ':']);
        var key = (separator < 0 ? option : option[..separator]).Trim().ToLowerInvariant();
        var value = separator < 0 ? "" : option[(separator + 1)..].Trim();
        return key switch
        {
            "seccomp" => value.Equals("unconfined", StringComparison.OrdinalIgnoreCase) || AllowsEverything(value),
            "apparmor" => value.Equals("unconfined", StringComparison.OrdinalIgnoreCase),
            "label" => value.Equals("disable", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("type:spc_t", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("type:unconfined_t", StringComparison.OrdinalIgnoreCase),
            "systempaths" => value.Equals("unconfined", StringComparison.OrdinalIgnoreCase),
            "no-new-privileges" => value.Equals("false", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    private static bool AllowsEverything(string profile)
    {
        if (!profile.StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(profile);
            return doc.RootElement.TryGetProperty("defaultAction", out var action)
                && action.GetString() is "SCMP_ACT_ALLOW" or "SCMP_ACT_LOG" or "SCMP_ACT_TRACE";
        }
        catch (JsonException)
        {
            // The engine refuses a malformed profile itself.
            return false;
        }
    }

    private static string Shorten(string option) => option.Length > 60 ? option[..60] + "…" : option;
}
