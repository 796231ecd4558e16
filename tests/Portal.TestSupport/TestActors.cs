using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;

namespace Portal.TestSupport;

/// <summary>
/// The people tests act as: an admin, an operator of each of two teams and a viewer of the first.
/// Team names are unique per instance, so objects labelled by one run never match another's teams.
/// </summary>
public sealed class TestActors
{
    private TestActors(string teamA, string teamB)
    {
        TeamA = teamA;
        TeamB = teamB;
        Admin = new Actor("user-admin", "admin", IsAdmin: true, new Dictionary<string, TeamRole>());
        OperatorA = new Actor("user-op-a", "operator-a", IsAdmin: false, new Dictionary<string, TeamRole> { [teamA] = TeamRole.Operator });
        OperatorB = new Actor("user-op-b", "operator-b", IsAdmin: false, new Dictionary<string, TeamRole> { [teamB] = TeamRole.Operator });
        ViewerA = new Actor("user-viewer-a", "viewer-a", IsAdmin: false, new Dictionary<string, TeamRole> { [teamA] = TeamRole.Viewer });
    }

    public string TeamA { get; }

    public string TeamB { get; }

    public Actor Admin { get; }

    public Actor OperatorA { get; }

    public Actor OperatorB { get; }

    public Actor ViewerA { get; }

    /// <summary>Unsaved actors with fresh team names (for tests that need no database).</summary>
    public static TestActors CreateDetached() => new($"team-a-{TestNames.Token()}", $"team-b-{TestNames.Token()}");

    /// <summary>Creates both teams in <paramref name="teams"/> (operations check that a team exists) and returns the actors.</summary>
    public static async Task<TestActors> CreateAsync(TeamStore teams, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var actors = CreateDetached();
        foreach (var team in new[] { actors.TeamA, actors.TeamB })
        {
            _ = await teams.CreateAsync(team, "created by the test fixture", cancellationToken)
                ?? throw new InvalidOperationException($"Team '{team}' already exists.");
        }

        return actors;
    }
}
