namespace Portal.Engine.Admission;

/// <summary>A command to run in a container of <c>Team</c>: privileged or not, as <c>User</c> (the exec's user, else the container's; empty is root).</summary>
public sealed record ExecAdmission(string? Team, bool Privileged, string? User) : AdmissionRequest;
