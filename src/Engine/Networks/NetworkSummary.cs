using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Pipeline;
using Actor = Portal.Engine.Pipeline.Actor;

namespace Portal.Engine.Networks;

/// <summary>One row of the networks list.</summary>
public sealed record NetworkSummary(
    string Id,
    string Name,
    string Driver,
    string Scope,
    string? Subnet,
    string? Gateway,
    bool Internal,
    bool Attachable,
    bool IPv6,
    int Containers,
    string? Team,
    string? Owner,
    bool Shared,
    bool BuiltIn,
    DateTime Created)
{
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>
    /// Whether <see cref="NetworkAccess.Check"/> lets the actor attach containers to this listed network. Pages
    /// offer only these, so the rule lives there once; the Engine still checks on the real call.
    /// </summary>
    public bool MayAttach(Actor actor)
    {
        try
        {
            NetworkAccess.Check(actor, new ResolvedNetwork(Id, Name, Team, Shared, BuiltIn, new NetworkResponse()), NetworkUse.Attach, Name);
            return true;
        }
        catch (OperationFailedException)
        {
            return false;
        }
    }
}
