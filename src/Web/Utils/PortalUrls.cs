namespace Portal.Web.Utils;

/// <summary>Builds every in-app URL, so routes are spelled in one place.</summary>
public static class PortalUrls
{
    public const string Home = "/";

    public static string Containers(bool all = false, string? q = null, string? state = null, bool history = false)
    {
        var query = new List<string>();
        if (all)
        {
            query.Add("all=true");
        }

        if (!string.IsNullOrEmpty(q))
        {
            query.Add("q=" + Uri.EscapeDataString(q));
        }

        if (!string.IsNullOrEmpty(state))
        {
            query.Add("state=" + Uri.EscapeDataString(state));
        }

        if (history)
        {
            query.Add("history=true");
        }

        return "/containers" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public static string Container(string idOrName) => "/containers/" + Uri.EscapeDataString(idOrName);

    public const string RunContainer = "/containers/run";

    public const string Users = "/admin/users";

    public const string Teams = "/admin/teams";

    public const string Audit = "/admin/audit";

    public static string Login(string? returnUrl, string? error)
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

        return "/login" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public static string Account(string? message = null, bool ok = true) =>
        "/account" + (string.IsNullOrEmpty(message) ? "" : $"?{(ok ? "message" : "error")}={Uri.EscapeDataString(message)}");

    /// <summary>Only local paths are followed after sign-in, so a link cannot bounce users elsewhere.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
