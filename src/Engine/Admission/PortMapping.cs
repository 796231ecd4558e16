namespace Portal.Engine.Admission;

/// <summary>One published port: host address and port to container port and protocol.</summary>
public sealed record PortMapping(string HostIp, int? HostPort, int ContainerPort, string Protocol)
{
    public override string ToString() =>
        $"{HostIp}:{(HostPort is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}->{ContainerPort}/{Protocol}";
}
