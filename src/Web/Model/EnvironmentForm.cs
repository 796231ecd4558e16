using Portal.Engine.Environments;

namespace Portal.Web.Model;

/// <summary>
/// What the environment dialog edits: every field as text, and which of them the chosen kind uses. On an edit the
/// keys start empty (they are never sent to the page); left empty they keep the stored ones.
/// </summary>
public sealed class EnvironmentForm
{
    public string Name { get; set; } = "";

    public string Kind { get; set; } = EnvironmentKinds.Socket;

    public string Uri { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Comma- or space-separated lower-case words.</summary>
    public string Labels { get; set; } = "";

    public string TlsCa { get; set; } = "";

    public string TlsCert { get; set; } = "";

    public string TlsKey { get; set; } = "";

    public string SshKey { get; set; } = "";

    public string SshHostKeyFingerprint { get; set; } = "";

    /// <summary>Set when editing a stored environment.</summary>
    public EnvironmentInfo? Stored { get; private init; }

    public bool IsEdit => Stored is not null;

    /// <summary>The configured engine: only description and labels can change.</summary>
    public bool IsLocal => Stored?.IsLocal == true;

    public bool UsesTls => Kind == EnvironmentKinds.TcpTls;

    public bool UsesSsh => Kind == EnvironmentKinds.Ssh;

    /// <summary>The address format the kind expects.</summary>
    public string UriPlaceholder => Kind switch
    {
        EnvironmentKinds.TcpTls => "tcp://10.0.0.5:2376",
        EnvironmentKinds.Ssh => "ssh://docker@host.example:22",
        _ => "unix:///var/run/docker.sock",
    };

    public static EnvironmentForm For(EnvironmentInfo stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new EnvironmentForm
        {
            Stored = stored,
            Name = stored.Name,
            Kind = stored.Kind,
            Uri = stored.Uri ?? "",
            Description = stored.Description ?? "",
            Labels = string.Join(", ", stored.Labels),
            TlsCa = stored.TlsCa ?? "",
            TlsCert = stored.TlsCert ?? "",
            SshHostKeyFingerprint = stored.SshHostKeyFingerprint ?? "",
        };
    }

    /// <summary>The request for the API: on an edit, an empty key is left out so the stored one stays.</summary>
    public EnvironmentRequest ToRequest() => new()
    {
        Name = Name.Trim(),
        Kind = Kind,
        Uri = Uri.Trim(),
        Description = Description.Trim(),
        Labels = Labels.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        TlsCa = UsesTls ? Given(TlsCa) : null,
        TlsCert = UsesTls ? Given(TlsCert) : null,
        TlsKey = UsesTls ? Given(TlsKey) : null,
        SshKey = UsesSsh ? Given(SshKey) : null,
        SshHostKeyFingerprint = UsesSsh ? SshHostKeyFingerprint.Trim() : null,
    };

    private string? Given(string value) => string.IsNullOrWhiteSpace(value) ? (IsEdit ? null : "") : value;
}
