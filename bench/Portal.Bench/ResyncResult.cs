namespace Portal.Bench;

/// <summary>One Portal start, read from its log: how long the first full catalog resync took.</summary>
internal sealed record ResyncResult(
    string Label,
    int Live,
    int Changed,
    double ConnectedToResyncMs,
    double? ProcessStartToResyncMs,
    double? ProcessStartToListeningMs);
