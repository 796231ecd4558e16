using System.Text;
using Portal.Engine.Images.Build;

namespace Portal.Web.Model;

/// <summary>
/// The <c>POST /api/v1/images/build</c> address carrying a build's options in the query, for the
/// browser to send a context straight to (the folder upload), exactly as an API client would.
/// </summary>
public static class BuildApiUrl
{
    public const string Path = "api/v1/images/build";

    public static string For(ImageBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new List<(string Key, string Value)>();
        query.AddRange(request.Tags.Select(t => ("tag", t)));
        query.AddRange(request.BuildArgs.Select(kv => ("buildArg", $"{kv.Key}={kv.Value}")));
        query.AddRange(request.Labels.Select(kv => ("label", $"{kv.Key}={kv.Value}")));
        Add(query, "target", request.Target);
        Add(query, "dockerfile", request.Dockerfile);
        Add(query, "networkMode", request.NetworkMode);
        Add(query, "team", request.Team);
        if (request.NoCache)
        {
            query.Add(("noCache", "true"));
        }

        if (request.Pull)
        {
            query.Add(("pull", "true"));
        }

        // On another environment the same route under its prefix (PortalUrls knows the page's environment).
        var url = new StringBuilder(Utils.PortalUrls.Environment is null ? Path : Utils.PortalUrls.Api("/images/build").TrimStart('/'));
        for (var i = 0; i < query.Count; i++)
        {
            url.Append(i == 0 ? '?' : '&').Append(query[i].Key).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        return url.ToString();
    }

    private static void Add(List<(string, string)> query, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Add((key, value.Trim()));
        }
    }
}
