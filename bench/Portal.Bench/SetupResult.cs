namespace Portal.Bench;

/// <summary>What <c>setup</c> did: containers made through the Engine API and how fast Portal's catalog followed.</summary>
internal sealed record SetupResult(
    Guid Session,
    int Containers,
    int Parallelism,
    string Image,
    double CreateSeconds,
    double CatalogLagSeconds,
    bool TeamCreated);
