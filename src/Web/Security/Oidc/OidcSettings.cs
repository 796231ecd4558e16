namespace Portal.Web.Security.Oidc;

/// <summary>
/// OpenID Connect sign-in settings: the <c>Portal:Oidc</c> section, overridden by the
/// <c>PORTAL_OIDC_*</c> variables. Sign-in with the provider is offered only when
/// <see cref="Authority"/> and <see cref="ClientId"/> are both set.
/// </summary>
public sealed class OidcSettings
{
    /// <summary>The authentication scheme name; also the login provider stored in AspNetUserLogins.</summary>
    public const string Scheme = "oidc";

    /// <summary>Where the OIDC handler receives the authorization code.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Issuer URL; its <c>/.well-known/openid-configuration</c> is read on first use.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Scopes requested besides <c>openid</c>, separated by spaces or commas.</summary>
    public string Scopes { get; set; } = "profile email";

    /// <summary>Name of the claim listing the user's groups (an array or repeated claim).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Shown on the button: "Sign in with …".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Group mapping, see <see cref="GroupMapping.Parse"/>: <c>devs=alpha:Operator; ops=Admin</c>.</summary>
    public string? Map { get; set; }

    /// <summary>Refuse a provider whose metadata is not served over HTTPS (turn off only for tests on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Seconds to wait for the provider's metadata, keys and token endpoint.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The parsed <see cref="Map"/> (empty when it has errors; validation reports those).</summary>
    public IReadOnlyList<GroupGrant> Grants => GroupMapping.Parse(Map, out _);

    /// <summary>Binds the section, then lets the documented environment variables win.</summary>
    public static void Read(IConfiguration configuration, OidcSettings settings)
    {
        configuration.GetSection("Portal:Oidc").Bind(settings);
        settings.Authority = configuration["PORTAL_OIDC_AUTHORITY"] ?? settings.Authority;
        settings.ClientId = configuration["PORTAL_OIDC_CLIENT_ID"] ?? settings.ClientId;
        settings.ClientSecret = configuration["PORTAL_OIDC_CLIENT_SECRET"] ?? settings.ClientSecret;
        settings.Scopes = configuration["PORTAL_OIDC_SCOPES"] ?? settings.Scopes;
        settings.GroupsClaim = configuration["PORTAL_OIDC_GROUPS_CLAIM"] ?? settings.GroupsClaim;
        settings.DisplayName = configuration["PORTAL_OIDC_NAME"] ?? settings.DisplayName;
        settings.Map = configuration["PORTAL_OIDC_MAP"] ?? settings.Map;
    }
}
