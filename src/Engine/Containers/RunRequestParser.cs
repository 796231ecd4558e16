using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Engine.Admission;
using Portal.Engine.Labels;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Containers;

/// <summary>Validates a <see cref="RunContainerRequest"/> into a <see cref="ContainerSpec"/>; every error names the field.</summary>
public static partial class RunRequestParser
{
    /// <summary>Parses and validates; throws an <see cref="OperationOutcome.Invalid"/> failure on the first bad field.</summary>
    public static ContainerSpec Parse(RunContainerRequest request, string? team)
    {
        var image = request.Image?.Trim() ?? "";
        if (!IsValidImageReference(image))
        {
            throw OperationFailedException.Invalid($"'{image}' is not a valid image reference (expected name[:tag] or name@sha256:digest, lower case).", "image");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        if (name is not null && !ContainerNameRegex().IsMatch(name))
        {
            throw OperationFailedException.Invalid($"'{name}' is not a valid container name: use letters, digits, '_', '.', '-', starting with a letter or digit.", "name");
        }

        var envs = request.Env ?? [];
        for (var i = 0; i < envs.Count; i++)
        {
            if (envs[i].Length == 0 || envs[i][0] == '=')
            {
                throw OperationFailedException.Invalid($"Environment entry '{envs[i]}' must look like KEY=VALUE.", $"env[{i}]");
            }
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Labels ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw OperationFailedException.Invalid("Label names cannot be empty.", "labels");
            }

            if (key.StartsWith(PortalLabels.ReservedPrefix, StringComparison.Ordinal))
            {
                throw OperationFailedException.Invalid($"Label '{key}' is reserved for Portal.", $"labels.{key}");
            }

            labels[key] = value;
        }

        return new ContainerSpec
        {
            Image = image,
            Name = name,
            Command = request.Command?.Where(c => c.Length > 0).ToList() ?? [],
            Env = request.Env?.ToList() ?? [],
            Ports = Each(request.Ports, "ports", ParsePort),
            Volumes = Each(request.Volumes, "volumes", ParseVolume),
            Networks = AtField("networks", () => Networks.NetworkRequestParser.ParseNames(request.Networks)),
            Binds = (request.Binds ?? []).Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b.Trim()).ToList(),
            Restart = AtField("restart", () => ParseRestart(request.Restart)),
            MemoryBytes = AtField("memory", () => ParseMemory(request.Memory)),
            NanoCpus = AtField("cpus", () => ParseCpus(request.Cpus)),
            Labels = labels,
            Team = team,
            Privileged = request.Privileged,
            CapAdd = request.CapAdd?.Where(c => c.Length > 0).ToList() ?? [],
            NetworkMode = Blank(request.NetworkMode),
            PidMode = Blank(request.PidMode),
            IpcMode = Blank(request.IpcMode),
            UtsMode = Blank(request.UtsMode),
            UsernsMode = Blank(request.UsernsMode),
            CgroupnsMode = Blank(request.CgroupnsMode),
            VolumesFrom = request.VolumesFrom?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToList() ?? [],
            Sysctls = request.Sysctls?.Where(s => !string.IsNullOrWhiteSpace(s.Key)).ToDictionary(s => s.Key.Trim(), s => s.Value, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(),
            Devices = request.Devices?.Where(d => d.Length > 0).ToList() ?? [],
            SecurityOpt = request.SecurityOpt?.Where(s => s.Length > 0).ToList() ?? [],
            KeepOnFailure = request.KeepOnFailure,
        };
    }

    /// <summary>True for references the engine accepts: <c>[host[:port]/]path[:tag][@digest]</c>.</summary>
    public static bool IsValidImageReference(string reference) => reference.Length is > 0 and <= 512 && ImageReferenceRegex().IsMatch(reference);

    /// <summary>Parses <c>[hostIp:][hostPort:]containerPort[/proto]</c>; IPv6 host addresses go in brackets.</summary>
    public static PortMapping ParsePort(string text)
    {
        var value = text.Trim();
        var protocol = "tcp";
        var slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = value[(slash + 1)..].ToLowerInvariant();
            value = value[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw OperationFailedException.Invalid($"Port '{text}': protocol must be tcp, udp or sctp.");
            }
        }

        string hostIp = "127.0.0.1";
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                throw OperationFailedException.Invalid($"Port '{text}' is not valid: expected [ipv6]:hostPort:containerPort.");
            }

            hostIp = value[1..close];
            value = value[(close + 2)..];
        }

        var parts = value.Split(':');
        string? hostPortText;
        string containerPortText;
        switch (parts.Length)
        {
            case 1:
                hostPortText = null;
                containerPortText = parts[0];
                break;
            case 2:
                hostPortText = parts[0];
                containerPortText = parts[1];
                break;
            case 3 when hostIp == "127.0.0.1":
                hostIp = parts[0];
                hostPortText = parts[1];
                containerPortText = parts[2];
                break;
            default:
                throw OperationFailedException.Invalid($"Port '{text}' is not valid: expected [hostIp:][hostPort:]containerPort[/tcp|udp].");
        }

        if (!System.Net.IPAddress.TryParse(hostIp, out _))
        {
            throw OperationFailedException.Invalid($"Port '{text}': '{hostIp}' is not an IP address.");
        }

        var containerPort = ParsePortNumber(containerPortText, text);
        int? hostPort = string.IsNullOrEmpty(hostPortText) ? null : ParsePortNumber(hostPortText, text);
        return new PortMapping(hostIp, hostPort, containerPort, protocol);
    }

    /// <summary>Parses a memory size: bytes, or a number with b, k, m, g (binary units, as docker does).</summary>
    public static long ParseMemory(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var match = MemoryRegex().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw OperationFailedException.Invalid($"Memory '{text}' is not valid: use a number with a unit, such as 256MiB or 1GiB (256m and 1g work too).");
        }

        var multiplier = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "k" => 1024L,
            "m" => 1024L * 1024,
            "g" => 1024L * 1024 * 1024,
            _ => 1L,
        };
        var bytes = (long)(number * multiplier);
        // The kernel refuses limits below 6 MiB; saying so here beats the engine's cryptic error.
        if (bytes < 6 * 1024 * 1024)
        {
            throw OperationFailedException.Invalid($"Memory '{text}' is too small: the minimum is 6 MiB.");
        }

        return bytes;
    }

    private static long ParseCpus(double? cpus)
    {
        if (cpus is null or 0)
        {
            return 0;
        }

        if (cpus < 0.01 || cpus > Environment.ProcessorCount || double.IsNaN(cpus.Value))
        {
            throw OperationFailedException.Invalid($"CPUs must be between 0.01 and {Environment.ProcessorCount} on this engine.");
        }

        return (long)(cpus.Value * 1_000_000_000);
    }

    private static string ParseRestart(string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? "no" : text.Trim().ToLowerInvariant();
        if (value is "no" or "always" or "unless-stopped" or "on-failure" || OnFailureRegex().IsMatch(value))
        {
            return value;
        }

        throw OperationFailedException.Invalid($"Restart policy '{text}' is not valid: use no, always, unless-stopped or on-failure[:N].");
    }

    private static string ParseVolume(string text)
    {
        var value = text.Trim();
        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !parts[1].StartsWith('/') || (parts.Length == 3 && parts[2] is not ("ro" or "rw")))
        {
            throw OperationFailedException.Invalid($"Volume '{text}' is not valid: expected name:/path[:ro].");
        }

        if (parts[0].StartsWith('/') || parts[0].StartsWith('.') || parts[0].StartsWith('~'))
        {
            throw OperationFailedException.Invalid($"Volume '{text}' names a host path; only named volumes are allowed here.");
        }

        if (!VolumeNameRegex().IsMatch(parts[0]))
        {
            throw OperationFailedException.Invalid($"Volume name '{parts[0]}' is not valid: use letters, digits, '_', '.', '-'.");
        }

        return value;
    }

    private static int ParsePortNumber(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw OperationFailedException.Invalid($"Port '{whole}': '{text}' is not a port number between 1 and 65535.");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Each non-blank entry parsed; a bad one is said of its field, <c>name[i]</c> with i its place in the request's list.</summary>
    private static List<T> Each<T>(IReadOnlyList<string>? entries, string name, Func<string, T> parse)
    {
        var parsed = new List<T>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            if (!string.IsNullOrWhiteSpace(entries![i]))
            {
                var index = i;
                parsed.Add(AtField($"{name}[{index}]", () => parse(entries[index])));
            }
        }

        return parsed;
    }

    private static T AtField<T>(string field, Func<T> parse) => OperationFailedException.AboutField(field, parse);

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ImageReferenceRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$")]
    private static partial Regex ContainerNameRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex VolumeNameRegex();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(?:([kmg])(?:ib?|b)?|b)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryRegex();

    [GeneratedRegex(@"^on-failure:[0-9]{1,4}$")]
    private static partial Regex OnFailureRegex();
}
