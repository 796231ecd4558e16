using Portal.Data.Stores;

namespace Portal.Engine.Teams;

/// <summary>A team as lists, pickers and <c>/api/v1/teams</c> show it.</summary>
public sealed record TeamSummary(int Id, string Name, string? Description, int Members, DateTime CreatedAt)
{
    internal static TeamSummary From(TeamInfo team) => new(team.Id, team.Name, team.Description, team.Members, team.CreatedAt);
}
