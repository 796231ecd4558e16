using Portal.Data.Entities;

namespace Portal.Web.Components.Dialogs;

/// <summary>What the membership dialog submits: the team, the role there and the two extra permissions.</summary>
public sealed record MembershipChoice(string Team, TeamRole Role, bool MayExec, bool MaySeeEnvironment);
