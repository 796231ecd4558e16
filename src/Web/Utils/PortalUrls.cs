using Portal.Engine.Docker;
using Portal.Web.Model;

namespace Portal.Web.Utils;

/// <summary>Builds every in-app URL, so routes are spelled in one place.</summary>
/// <remarks>
/// A page on another environment than the local one runs inside that environment's scope (the
/// circuit enters it for every event, see <c>EnvironmentCircuitHandler</c>); links built there carry
/// <c>env=NAME</c>, so a link to a container on <c>prod</c> opens it on <c>prod</c>, and API links
/// (downloads, builds) take the <c>/api/v1/environments/NAME</c> prefix.
/// </remarks>
public static class PortalUrls
{
    /// <summary>The query value naming the page's environment.</summary>
    public const string EnvironmentQuery = "env";

    public const string Home = "/";

    /// <summary>The containers list; defaults are left out so the plain URL stays plain.</summary>
    public static string Containers(ContainerListFilter? filter = null)
    {
        var f = filter ?? ContainerListFilter.Default;
        var query = new List<string>();
        Add(query, "all", f.All ? "true" : null);
        Add(query, "state", f.State);
        Add(query, "q", f.Text);
        Add(query, "team", f.Team);
        Add(query, "history", f.History ? "true" : null);
        Add(query, "sort", f.Sort == "name" ? null : f.Sort);
        Add(query, "desc", f.Descending ? "true" : null);
        return WithQuery("/containers", query);
    }

    /// <summary>A container's details page, optionally on one tab (overview when null).</summary>
    public static string Container(string idOrName, string? tab = null)
    {
        var query = new List<string>();
        Add(query, "tab", tab == "overview" ? null : tab);
        return WithQuery("/containers/" + Uri.EscapeDataString(idOrName), query);
    }

    public static string RunContainer => OnEnvironment("/containers/run");

    /// <summary>The Run form with its image field filled in (from an image's page).</summary>
    public static string RunImage(string image)
    {
        var query = new List<string>();
        Add(query, "image", image);
        return WithQuery("/containers/run", query);
    }

    /// <summary>The merged log view of several containers (the page asks for names when empty).</summary>
    public static string Logs(IEnumerable<string>? containers = null)
    {
        var query = new List<string>();
        foreach (var c in containers ?? [])
        {
            Add(query, "c", c);
        }

        return WithQuery("/logs", query);
    }

    /// <summary>The API download of a container's whole log (the browser sends the sign-in cookie).</summary>
    public static string LogDownload(string idOrName) => Api("/containers/" + Uri.EscapeDataString(idOrName) + "/logs/download");

    /// <summary>The images list; defaults are left out so the plain URL stays plain.</summary>
    public static string Images(ImageListFilter? filter = null)
    {
        var f = filter ?? ImageListFilter.Default;
        var query = new List<string>();
        Add(query, "dangling", f.Dangling);
        Add(query, "usage", f.Usage);
        Add(query, "q", f.Text);
        return WithQuery("/images", query);
    }

    /// <summary>Stored registry logins.</summary>
    public static string Registries => OnEnvironment("/registries");

    /// <summary>The pull page: start pulls and follow your running and recent ones (pushes too).</summary>
    public static string PullImage => OnEnvironment("/images/pull");

    /// <summary>The build page (upload a context or type a Dockerfile).</summary>
    public static string BuildImage => OnEnvironment("/images/build");

    /// <summary>An image's details page; a reference keeps its slashes, each segment escaped.</summary>
    public static string Image(string reference, string? tab = null)
    {
        var query = new List<string>();
        Add(query, "tab", tab == "overview" ? null : tab);
        return WithQuery("/images/" + string.Join('/', reference.Split('/').Select(Uri.EscapeDataString)), query);
    }

    public static string Networks => OnEnvironment("/networks");

    public static string Network(string idOrName) => OnEnvironment("/networks/" + Uri.EscapeDataString(idOrName));

    public static string Volumes => OnEnvironment("/volumes");

    /// <summary>A volume's page, optionally browsing a folder inside it.</summary>
    public static string Volume(string name, string? path = null)
    {
        var query = new List<string>();
        Add(query, "path", path is null or "/" ? null : path);
        return WithQuery("/volumes/" + Uri.EscapeDataString(name), query);
    }

    /// <summary>The API download of a file or folder (the browser sends the sign-in cookie).</summary>
    public static string VolumeDownload(string name, string path) =>
        Api("/volumes/" + Uri.EscapeDataString(name) + "/download?path=" + Uri.EscapeDataString(path));

    public static string DiskUsage => OnEnvironment("/system/df");

    public static string Stacks => OnEnvironment("/stacks");

    public static string NewStack => OnEnvironment("/stacks/new");

    public static string Stack(string name) => OnEnvironment("/stacks/" + Uri.EscapeDataString(name));

    public static string Host => OnEnvironment("/host");

    public const string Users = "/admin/users";

    public const string Teams = "/admin/teams";

    public const string Environments = "/admin/environments";

    public const string Policy = "/admin/policy";

    public const string Audit = "/admin/audit";

    /// <summary>The audit log with filters.</summary>
    public static string AuditLog(AuditFilter? filter)
    {
        var f = filter ?? AuditFilter.Default;
        var query = new List<string>();
        Add(query, "actor", f.Actor);
        Add(query, "action", f.Action);
        Add(query, "outcome", f.Outcome);
        Add(query, "q", f.Text);
        Add(query, "team", f.Team);
        Add(query, "object", f.Target);
        Add(query, "from", f.FirstDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add(query, "to", f.LastDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return WithQuery(Audit, query);
    }

    /// <summary>The sign-in page; <paramref name="user"/> fills the user name again after a refusal.</summary>
    public static string Login(string? returnUrl, string? error, string? user = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(returnUrl) && returnUrl != "/")
        {
            query.Add("returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        if (!string.IsNullOrEmpty(error))
        {
            query.Add("error=" + Uri.EscapeDataString(error));
        }

        if (!string.IsNullOrEmpty(user))
        {
            query.Add("user=" + Uri.EscapeDataString(user));
        }

        return "/login" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary>The second sign-in step, asking for the authenticator code.</summary>
    public static string LoginCode(string? returnUrl, string? error) => "/login/code" + Login(returnUrl, error)["/login".Length..];

    /// <summary>The account page's two-factor (TOTP) section.</summary>
    public const string TwoFactor = "/account/two-factor";

    /// <summary>The personal access tokens page (under the account page).</summary>
    public const string Tokens = "/account/tokens";

    /// <summary>The streamed audit export for the same filters, as <paramref name="format"/> (csv or json).</summary>
    public static string AuditExport(AuditFilter? filter, string format)
    {
        var q = (filter ?? AuditFilter.Default).ToQuery();
        var query = new List<string> { "format=" + format };
        Add(query, "user", q.Actor);
        Add(query, "team", q.Team);
        Add(query, "action", q.Action);
        Add(query, "object", q.Target);
        Add(query, "outcome", q.Outcome);
        Add(query, "q", q.Text);
        Add(query, "from", q.Since?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add(query, "to", q.Until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return Joined("/api/v1/admin/audit/export", query);
    }

    public static string Account(string? message = null, bool ok = true) =>
        "/account" + (string.IsNullOrEmpty(message) ? "" : $"?{(ok ? "message" : "error")}={Uri.EscapeDataString(message)}");

    /// <summary>Only local paths are followed after sign-in, so a link cannot bounce users elsewhere (control characters, which browsers drop, included).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";

    private static void Add(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    /// <summary>The environment of the page when it is not the local one; see the remarks.</summary>
    public static string? Environment => EnvironmentAccess.Entered?.Name;

    /// <summary><paramref name="path"/> on <paramref name="environment"/> (the page's by default; null or empty: local).</summary>
    public static string OnEnvironment(string path, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = environment ?? Environment;
        return string.IsNullOrEmpty(name) ? path : path + (path.Contains('?', StringComparison.Ordinal) ? '&' : '?') + EnvironmentQuery + "=" + Uri.EscapeDataString(name);
    }

    /// <summary>An API address (<paramref name="path"/> under <c>/api/v1</c>) on the page's environment.</summary>
    public static string Api(string path) =>
        "/api/v1" + (Environment is { Length: > 0 } name ? "/environments/" + Uri.EscapeDataString(name) : "") + path;

    private static string WithQuery(string path, List<string> query) => OnEnvironment(Joined(path, query));

    private static string Joined(string path, List<string> query) =>
        query.Count > 0 ? path + "?" + string.Join('&', query) : path;
}
