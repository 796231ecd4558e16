using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Portal.E2E;

/// <summary>The objects a page address names, for filling the route table's parameters.</summary>
public sealed record PageObjects(string Container, string Image, string Network, string Volume, string Stack);

/// <summary>Portal's page route table, read from the app itself so a new page is covered without editing a list.</summary>
public static class PageRoutes
{
    /// <summary>Every routed page: its template and whether it lets signed-out visitors in.</summary>
    public static IReadOnlyList<(string Template, bool Anonymous)> All { get; } = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t.GetCustomAttribute<AllowAnonymousAttribute>() is not null)))
        .OrderBy(r => r.Template, StringComparer.Ordinal)
        .ToList();

    /// <summary>The pages a signed-in person sees (not sign-in, not the error page).</summary>
    public static IEnumerable<string> SignedIn => All.Where(r => !r.Anonymous).Select(r => r.Template);

    /// <summary>The address of <paramref name="template"/> with its parameters filled from <paramref name="o"/>.</summary>
    public static string Fill(string template, PageObjects o)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(o);
        return template
            .Replace("/containers/{IdOrName}", "/containers/" + Uri.EscapeDataString(o.Container), StringComparison.Ordinal)
            .Replace("/networks/{IdOrName}", "/networks/" + Uri.EscapeDataString(o.Network), StringComparison.Ordinal)
            .Replace("/volumes/{Name}", "/volumes/" + Uri.EscapeDataString(o.Volume), StringComparison.Ordinal)
            .Replace("/stacks/{Name}", "/stacks/" + Uri.EscapeDataString(o.Stack), StringComparison.Ordinal)
            .Replace("{*Reference}", o.Image, StringComparison.Ordinal);
    }

    /// <summary>A file name for the page's screenshot: "containers-run"; an object's page is "containers-details".</summary>
    public static string Slug(string template) =>
        template == "/" ? "home" : string.Join('-', template.Trim('/').Split('/').Select(p => p.StartsWith('{') ? "details" : p));
}
