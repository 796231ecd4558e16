using System.Globalization;

namespace Portal.Engine.Compose.Loading;

/// <summary>
/// Applies <see cref="VariableTemplate"/> to every string value of a parsed file (never to keys), then types the
/// values compose types after interpolation (<c>replicas: ${N}</c> is a number, <c>read_only: ${RO}</c> a boolean),
/// so the schema sees what compose's does. Errors name file, line, column and path.
/// </summary>
internal static class NodeInterpolator
{
    // The paths compose-go casts after interpolation (loader/interpolate.go); "*" is any key, "[]" any index.
    private static readonly (string[] Pattern, Func<string, object?> Cast)[] s_casts =
    [
        .. Service(ToLong, "cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
            "oom_score_adj", "pids_limit", "scale", "deploy.replicas", "healthcheck.retries", "ports.[].target",
            "ulimits.*", "ulimits.*.hard", "ulimits.*.soft", "deploy.restart_policy.max_attempts",
            "deploy.update_config.parallelism", "deploy.rollback_config.parallelism"),
        .. Service(ToDouble, "cpu_percent", "cpus"),
        .. Service(ToBool, "init", "privileged", "read_only", "stdin_open", "tty", "oom_kill_disable",
            "healthcheck.disable", "depends_on.*.required", "depends_on.*.restart", "volumes.[].read_only",
            "volumes.[].volume.nocopy"),
        .. Top(ToBool, "networks.*.external", "networks.*.internal", "networks.*.attachable", "networks.*.enable_ipv6",
            "volumes.*.external", "secrets.*.external", "configs.*.external"),
    ];

    public static void Apply(MapNode root, Func<string, string?> lookup, List<ComposeError> errors)
    {
        var segments = new List<string>();
        Walk(root, string.Empty, segments, lookup, errors);
    }

    private static void Walk(ComposeNode node, string path, List<string> segments, Func<string, string?> lookup, List<ComposeError> errors)
    {
        switch (node)
        {
            case MapNode map:
                foreach (var (key, child) in map.Entries.ToList())
                {
                    segments.Add(key);
                    Walk(child, ComposePath.Key(path, key), segments, lookup, errors);
                    segments.RemoveAt(segments.Count - 1);
                }

                break;
            case SeqNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    segments.Add("[]");
                    Walk(seq.Items[i], ComposePath.Index(path, i), segments, lookup, errors);
                    segments.RemoveAt(segments.Count - 1);
                }

                break;
            case ScalarNode { Value: string text } scalar when text.Contains('$', StringComparison.Ordinal):
                try
                {
                    var substituted = VariableTemplate.Substitute(text, lookup);
                    scalar.Value = Cast(segments, substituted, out var castError) ?? substituted;
                    if (castError is not null)
                    {
                        errors.Add(Error(scalar.Mark, path, castError));
                    }
                }
                catch (TemplateException ex)
                {
                    errors.Add(Error(scalar.Mark, path, ex.Message));
                }

                break;
        }
    }

    private static object? Cast(List<string> segments, string value, out string? error)
    {
        error = null;
        foreach (var (pattern, cast) in s_casts)
        {
            if (Matches(pattern, segments))
            {
                var typed = cast(value);
                if (typed is null)
                {
                    error = $"\"{value}\" is not a valid value here after interpolation";
                }

                return typed;
            }
        }

        return null;
    }

    private static bool Matches(string[] pattern, List<string> segments)
    {
        if (pattern.Length != segments.Count)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var p = pattern[i];
            var s = segments[i];
            var ok = p == "*" ? s != "[]" : p == s;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<(string[], Func<string, object?>)> Service(Func<string, object?> cast, params string[] paths) =>
        paths.Select(p => ((string[])["services", "*", .. p.Split('.')], cast));

    private static IEnumerable<(string[], Func<string, object?>)> Top(Func<string, object?> cast, params string[] paths) =>
        paths.Select(p => (p.Split('.'), cast));

    private static object? ToLong(string s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static object? ToDouble(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static object? ToBool(string s) => s.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "on" or "1" => true,
        "false" or "no" or "n" or "off" or "0" => false,
        _ => null,
    };

    private static ComposeError Error(SourceMark mark, string path, string message) =>
        new(mark.File, mark.Line, mark.Column, path, message);
}
