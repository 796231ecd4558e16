namespace Portal.IntegrationTests.Policy;

/// <summary>How an endpoint or hub method decides; <see cref="MatrixRules.Expected"/> turns it into one outcome per caller.</summary>
public enum MatrixKind { Public, SignedIn, Operate, AdminOnly, TeamRead, TeamWrite, TeamAdmin, BaseImageWrite, OwnerRead, OwnerWrite }

public enum MatrixOutcome { Allow, Unauthenticated, Forbidden, Hidden }

/// <summary>The expectations of issue 7, shared by the REST and the hub matrix.</summary>
public static class MatrixRules
{
    /// <param name="kind">How the endpoint decides.</param>
    /// <param name="caller">Who calls.</param>
    /// <param name="readOnlyAllowed">False for a call that may change something (not GET, not marked <c>AllowReadOnly</c>): read-only tokens are refused it whatever the kind.</param>
    public static MatrixOutcome Expected(MatrixKind kind, MatrixCaller caller, bool readOnlyAllowed)
    {
        if (caller is MatrixCaller.RevokedToken or MatrixCaller.Anonymous)
        {
            return MatrixOutcome.Unauthenticated;
        }

        if (caller == MatrixCaller.ReadOnlyToken && !readOnlyAllowed)
        {
            return MatrixOutcome.Forbidden;
        }

        return (kind, caller) switch
        {
            (_, MatrixCaller.Admin) => MatrixOutcome.Allow,
            (MatrixKind.SignedIn, _) => MatrixOutcome.Allow,
            (MatrixKind.AdminOnly or MatrixKind.BaseImageWrite, _) => MatrixOutcome.Forbidden,
            (MatrixKind.Operate, MatrixCaller.OperatorA or MatrixCaller.OperatorB) => MatrixOutcome.Allow,
            (MatrixKind.Operate, _) => MatrixOutcome.Forbidden,
            (_, MatrixCaller.OperatorB) => MatrixOutcome.Hidden,
            (MatrixKind.OwnerRead, MatrixCaller.OperatorA or MatrixCaller.ReadOnlyToken) => MatrixOutcome.Allow,
            (MatrixKind.OwnerWrite, MatrixCaller.OperatorA) => MatrixOutcome.Allow,
            (MatrixKind.OwnerRead or MatrixKind.OwnerWrite, MatrixCaller.ViewerA) => MatrixOutcome.Hidden,
            (MatrixKind.TeamRead, _) => MatrixOutcome.Allow,
            (MatrixKind.TeamWrite, MatrixCaller.OperatorA) => MatrixOutcome.Allow,
            _ => MatrixOutcome.Forbidden,
        };
    }
}
