namespace Portal.Data.Entities;

/// <summary>A registry Portal may log in to for pull and push, for everyone or for one team.</summary>
public sealed class RegistryCredential
{
    public int Id { get; set; }

    /// <summary>Display name, unique within its team (and among the registries for everyone).</summary>
    public required string Name { get; set; }

    /// <summary>Base URL, for example <c>https://registry.example.com</c> or <c>http://127.0.0.1:5000</c>.</summary>
    public required string Url { get; set; }

    /// <summary>Host[:port] as it appears at the start of an image reference; matched case-insensitively.</summary>
    public required string Host { get; set; }

    public string? UserName { get; set; }

    /// <summary>Password or token as Data Protection ciphertext; the plain text is never stored here.</summary>
    public string? SecretCipher { get; set; }

    /// <summary>Owning team, or null when every signed-in person may use it (admin-created).</summary>
    public string? Team { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}
