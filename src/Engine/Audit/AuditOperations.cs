using Portal.Data.Entities;
using Portal.Data.Stores;
using Portal.Engine.Pipeline;
using Portal.Engine.Teams;

namespace Portal.Engine.Audit;

/// <summary>Reads the audit log; administrators only.</summary>
public sealed class AuditOperations(AuditStore audit)
{
    public Task<Page<AuditEntry>> QueryAsync(Actor actor, AuditQuery query, CancellationToken cancellationToken)
    {
        TeamOperations.RequireAdmin(actor);
        return audit.QueryAsync(query, cancellationToken);
    }
}
