using Microsoft.Extensions.Options;

namespace Portal.Web.Security.Oidc;

/// <summary>Refuses to start with half-configured sign-in or a map that does not parse, naming every problem.</summary>
public sealed class ValidateOidcSettings : IValidateOptions<OidcSettings>
{
    public ValidateOptionsResult Validate(string? name, OidcSettings options)
    {
        var problems = new List<string>();
        var any = !string.IsNullOrWhiteSpace(options.Authority) || !string.IsNullOrWhiteSpace(options.ClientId);
        if (any && string.IsNullOrWhiteSpace(options.Authority))
        {
            problems.Add("Portal:Oidc:Authority (PORTAL_OIDC_AUTHORITY) is required when a client id is set.");
        }

        if (any && string.IsNullOrWhiteSpace(options.ClientId))
        {
            problems.Add("Portal:Oidc:ClientId (PORTAL_OIDC_CLIENT_ID) is required when an authority is set.");
        }

        if (!string.IsNullOrWhiteSpace(options.Authority) && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
        {
            problems.Add($"Portal:Oidc:Authority '{options.Authority}' is not an absolute URL.");
        }
        else if (options.RequireHttpsMetadata && options.Authority?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The OIDC handler would otherwise fail every request once resolved.
            problems.Add($"Portal:Oidc:Authority '{options.Authority}' must use HTTPS (Portal:Oidc:RequireHttpsMetadata=false only for a test provider).");
        }

        GroupMapping.Parse(options.Map, out var mapErrors);
        problems.AddRange(mapErrors.Select(e => "Portal:Oidc:Map (PORTAL_OIDC_MAP): " + e));
        if (options.Enabled && mapErrors.Count == 0 && GroupMapping.Parse(options.Map, out _).Count == 0)
        {
            problems.Add("Portal:Oidc:Map (PORTAL_OIDC_MAP) maps no group, so nobody could sign in with the provider.");
        }

        if (string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            problems.Add("Portal:Oidc:GroupsClaim must name a claim.");
        }

        if (options.TimeoutSeconds is < 1 or > 300)
        {
            problems.Add("Portal:Oidc:TimeoutSeconds must be between 1 and 300.");
        }

        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
