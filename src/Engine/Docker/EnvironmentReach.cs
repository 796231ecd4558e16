using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Docker;

/// <summary>Which environments a person may use, and what they may see in each: the reads across environments start here.</summary>
public static class EnvironmentReach
{
    /// <summary>Environments that exist for <paramref name="actor"/> (admins: all), the local one first; ones without a row yet are left out.</summary>
    public static IReadOnlyList<EnvironmentEngine> UsableBy(this Engines engines, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(actor);
        return engines.All.Where(e => e.Id > 0 && actor.MayUse(e.Id)).ToList();
    }

    /// <summary>
    /// One catalog scope per environment <paramref name="actor"/> may use, each with the teams the actor has there
    /// (<see cref="Actor.In"/>; null for admins). With <paramref name="team"/>, only that team's rows, in the environments where the actor sees it.
    /// </summary>
    public static IReadOnlyList<EndpointScope> ScopesFor(this Engines engines, Actor actor, string? team = null)
    {
        var scopes = new List<EndpointScope>();
        foreach (var engine in engines.UsableBy(actor))
        {
            var there = actor.In(engine.Id);
            if (team is { Length: > 0 })
            {
                // A team the actor cannot see there filters that environment to nothing, the same as an empty team.
                if (there.CanSee(team))
                {
                    scopes.Add(new EndpointScope(engine.Id, [team]));
                }

                continue;
            }

            scopes.Add(new EndpointScope(engine.Id, there.IsAdmin ? null : there.Teams.Keys.ToList()));
        }

        return scopes;
    }
}
