using Portal.Data.Entities;

namespace Portal.Engine.Audit;

/// <summary>One audited action as pages, exports and <c>/api/v1/admin/audit</c> show it.</summary>
/// <remarks>
/// The field names are those the audit API has always answered with; clients filter on them.
/// <see cref="Environment"/> is the name of the environment <see cref="EndpointId"/> identifies, when Portal knows it.
/// </remarks>
public sealed record AuditRecord(
    long Id,
    DateTime Time,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    string? Detail,
    string? Team,
    int? EndpointId,
    string? Environment = null)
{
    internal static AuditRecord From(AuditEntry entry, string? environment) =>
        new(entry.Id, entry.Time, entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Detail, entry.Team, entry.EndpointId, environment);
}
