using System.Globalization;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>One environment of a read across environments: its row id and the teams whose rows the caller may see there (null: all).</summary>
/// <remarks>Teams differ per environment: a team granted only one environment sees its rows there and nowhere else.</remarks>
public sealed record EndpointScope(int EndpointId, IReadOnlyCollection<string>? Teams);

/// <summary>Filters catalog rows to a set of <see cref="EndpointScope"/>s in one SQL predicate.</summary>
internal static class EndpointScopeFilter
{
    /// <summary>Containers of the scopes' environments whose team the caller may see there.</summary>
    public static IQueryable<CatalogContainer> InScopes(this IQueryable<CatalogContainer> q, IReadOnlyCollection<EndpointScope> scopes)
    {
        if (scopes.Count == 1 && scopes.First() is var only)
        {
            // The common single-environment read keeps its plain, index-friendly form.
            q = q.Where(c => c.EndpointId == only.EndpointId);
            if (only.Teams is null)
            {
                return q;
            }

            var teams = Lower(only.Teams);
            return q.Where(c => c.Team != null && teams.Contains(c.Team.ToLower()));
        }

        var (whole, keys) = Split(scopes);
        return q.Where(c => whole.Contains(c.EndpointId) || (c.Team != null && keys.Contains(c.EndpointId.ToString() + "|" + c.Team.ToLower())));
    }

    /// <summary>Images of the scopes' environments that the caller may see there: unowned ones, and those of a team seen there.</summary>
    public static IQueryable<CatalogImage> InScopes(this IQueryable<CatalogImage> q, IReadOnlyCollection<EndpointScope> scopes)
    {
        if (scopes.Count == 1 && scopes.First() is var only)
        {
            q = q.Where(i => i.EndpointId == only.EndpointId);
            if (only.Teams is null)
            {
                return q;
            }

            var teams = Lower(only.Teams);
            return q.Where(i => i.Team == null || teams.Contains(i.Team.ToLower()));
        }

        var (whole, keys) = Split(scopes);
        var ids = scopes.Select(s => s.EndpointId).ToList();
        return q.Where(i => whole.Contains(i.EndpointId)
            || (ids.Contains(i.EndpointId) && (i.Team == null || keys.Contains(i.EndpointId.ToString() + "|" + i.Team.ToLower()))));
    }

    private static List<string> Lower(IReadOnlyCollection<string> teams) => teams.Select(t => t.ToLowerInvariant()).ToList();

    /// <summary>Environments seen whole, and "id|team" keys for the narrowed ones.</summary>
    private static (List<int> Whole, List<string> Keys) Split(IReadOnlyCollection<EndpointScope> scopes) => (
        scopes.Where(s => s.Teams is null).Select(s => s.EndpointId).ToList(),
        scopes.Where(s => s.Teams is not null)
            .SelectMany(s => s.Teams!.Select(t => s.EndpointId.ToString(CultureInfo.InvariantCulture) + "|" + t.ToLowerInvariant()))
            .ToList());
}
