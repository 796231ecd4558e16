namespace Portal.Engine.Pipeline;

/// <summary>Masks the values of environment variables whose names look secret, for callers without the permission.</summary>
public static class SecretEnvironment
{
    /// <summary>What a masked value reads as.</summary>
    public const string Mask = "••••••";

    private static readonly string[] s_secretWords =
        ["PASSWORD", "PASSWD", "PASS", "SECRET", "TOKEN", "KEY", "PRIVATE", "CREDENTIAL", "AUTH", "CERT", "SALT", "SESSION", "COOKIE", "SIGNATURE", "DSN", "CONNECTION"];

    /// <summary>True when <paramref name="name"/> contains a word secrets are named with (any case).</summary>
    public static bool LooksSecret(string name) =>
        s_secretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>KEY=VALUE</c> entries with secret-looking values replaced by <see cref="Mask"/>.</summary>
    public static IReadOnlyList<string> MaskValues(IEnumerable<string> env) =>
        env.Select(e =>
        {
            var eq = e.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 && LooksSecret(e[..eq]) ? e[..(eq + 1)] + Mask : e;
        }).ToList();
}
