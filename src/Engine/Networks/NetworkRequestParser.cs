// Docker.DotNet declares these model strings non-nullable, yet null is how the API says "engine default".
#pragma warning disable CS8601
using System.Net;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Portal.Engine.Access;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Networks;

/// <summary>Validates a <see cref="CreateNetworkRequest"/> into engine parameters; every error names the field.</summary>
public static partial class NetworkRequestParser
{
    /// <summary>Parses and validates; labels get the owner, team and (admins) shared marks from the caller.</summary>
    public static NetworksCreateParameters Parse(CreateNetworkRequest request, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim() ?? "";
        if (!IsValidName(name))
        {
            throw OperationFailedException.Invalid($"'{name}' is not a valid network name: use letters, digits, '_', '.', '-', starting with a letter or digit.", "name");
        }

        if (KnownNetworks.IsBuiltIn(name) || name == "default")
        {
            throw OperationFailedException.Invalid($"'{name}' is reserved by the engine; choose another network name.", "name");
        }

        var driver = string.IsNullOrWhiteSpace(request.Driver) ? "bridge" : request.Driver.Trim();
        if (!DriverRegex().IsMatch(driver))
        {
            throw OperationFailedException.Invalid($"'{driver}' is not a valid network driver name.", "driver");
        }

        var subnet = ParseCidr(request.Subnet, "Subnet", "subnet");
        var ipRange = ParseCidr(request.IpRange, "IP range", "ipRange");
        var gateway = Blank(request.Gateway);
        if (subnet is null && (ipRange is not null || gateway is not null))
        {
            throw OperationFailedException.Invalid("A gateway or IP range needs a subnet.", "subnet");
        }

        if (gateway is not null)
        {
            if (!IPAddress.TryParse(gateway, out var address))
            {
                throw OperationFailedException.Invalid($"Gateway '{gateway}' is not an IP address.", "gateway");
            }

            if (!subnet!.Value.Contains(address))
            {
                throw OperationFailedException.Invalid($"Gateway {gateway} is outside the subnet {subnet}.", "gateway");
            }
        }

        if (ipRange is { } range && (!subnet!.Value.Contains(range.BaseAddress) || range.PrefixLength < subnet.Value.PrefixLength))
        {
            throw OperationFailedException.Invalid($"IP range {range} is not inside the subnet {subnet}.", "ipRange");
        }

        return new NetworksCreateParameters
        {
            Name = name,
            Driver = driver,
            Internal = request.Internal,
            Attachable = request.Attachable,
            EnableIPv6 = request.IPv6,
            Labels = new Dictionary<string, string>(labels),
            Options = request.Options is { Count: > 0 } o ? new Dictionary<string, string>(o) : null,
            IPAM = subnet is null ? null : new IPAM
            {
                Driver = "default",
                Config = [new IPAMConfig { Subnet = subnet.ToString(), IPRange = ipRange?.ToString(), Gateway = gateway }],
            },
        };
    }

    public static bool IsValidName(string name) => name.Length is > 0 and <= 128 && NameRegex().IsMatch(name);

    /// <summary>Distinct, trimmed network names of a run request; each must be a valid name.</summary>
    public static IReadOnlyList<string> ParseNames(IEnumerable<string>? names)
    {
        var result = new List<string>();
        foreach (var raw in names ?? [])
        {
            var name = raw?.Trim() ?? "";
            if (name.Length == 0 || result.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            if (!IsValidName(name))
            {
                throw OperationFailedException.Invalid($"'{name}' is not a valid network name.");
            }

            result.Add(name);
        }

        return result;
    }

    private static IPNetwork? ParseCidr(string? text, string label, string field)
    {
        var value = Blank(text);
        if (value is null)
        {
            return null;
        }

        return IPNetwork.TryParse(value, out var network)
            ? network
            : throw OperationFailedException.Invalid($"{label} '{value}' is not valid: use CIDR notation such as 10.30.0.0/24.", field);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$")]
    private static partial Regex DriverRegex();
}
