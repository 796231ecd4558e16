namespace Portal.Web.Configuration;

/// <summary>Where Portal listens and keeps its data; read from <c>PORTAL_*</c> variables or the <c>Portal</c> section.</summary>
public sealed class WebOptions
{
    /// <summary>Data folder holding the SQLite file and Data Protection keys.</summary>
    public string Data { get; set; } = "./data";

    /// <summary>Address Kestrel binds to.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5080;

    /// <summary>Docker endpoint URI.</summary>
    public string Engine { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Local image for the short-lived helper containers that read volumes (browse, download); never pulled.</summary>
    public string HelperImage { get; set; } = "portal-test/busybox:latest";

    /// <summary>Largest build context upload in bytes (<c>PORTAL_MAX_BUILD_CONTEXT</c>); default 1 GiB.</summary>
    public long MaxBuildContextBytes { get; set; } = 1L << 30;

    /// <summary>Sign-in and token requests allowed per remote address and minute (<c>PORTAL_SIGNIN_RATE_LIMIT</c>).</summary>
    public int SignInRateLimit { get; set; } = 20;

    /// <summary>Path of the host administration socket (<c>PORTAL_ADMIN_SOCKET</c>); default <c>admin.sock</c> in the data folder, empty disables it.</summary>
    public string? AdminSocket { get; set; }

    /// <summary>Password for the first <c>admin</c> account; a random one is generated and printed when empty.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Bearer token that lets a non-loopback scraper read <c>/metrics</c> (<c>PORTAL_METRICS_TOKEN</c>); empty allows loopback only.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>Reads the options, letting the documented environment variables win over appsettings.</summary>
    public static WebOptions From(IConfiguration configuration)
    {
        var options = new WebOptions();
        configuration.GetSection("Portal").Bind(options);
        options.Data = configuration["PORTAL_DATA"] ?? options.Data;
        options.Bind = configuration["PORTAL_BIND"] ?? options.Bind;
        options.Port = int.TryParse(configuration["PORTAL_PORT"], out var port) ? port : options.Port;
        options.Engine = configuration["PORTAL_ENGINE"] ?? options.Engine;
        options.HelperImage = configuration["PORTAL_HELPER_IMAGE"] ?? options.HelperImage;
        options.MaxBuildContextBytes = long.TryParse(configuration["PORTAL_MAX_BUILD_CONTEXT"], out var max) && max > 0 ? max : options.MaxBuildContextBytes;
        options.AdminPassword = configuration["PORTAL_ADMIN_PASSWORD"] ?? options.AdminPassword;
        options.SignInRateLimit = int.TryParse(configuration["PORTAL_SIGNIN_RATE_LIMIT"], out var rate) && rate > 0 ? rate : options.SignInRateLimit;
        options.MetricsToken = configuration["PORTAL_METRICS_TOKEN"] ?? options.MetricsToken;
        options.Data = Path.GetFullPath(options.Data);
        options.AdminSocket = configuration["PORTAL_ADMIN_SOCKET"] ?? options.AdminSocket ?? Path.Combine(options.Data, "admin.sock");
        return options;
    }
}
