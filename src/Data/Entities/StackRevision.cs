namespace Portal.Data.Entities;

/// <summary>One saved version of a stack's compose files and <c>.env</c>; revisions are never edited, only added.</summary>
public sealed class StackRevision
{
    public long Id { get; set; }

    public int StackId { get; set; }

    /// <summary>1, 2, 3… within the stack.</summary>
    public int Number { get; set; }

    /// <summary>The compose files in override order, as a JSON array of <c>{"name","content"}</c>.</summary>
    public string FilesJson { get; set; } = "[]";

    /// <summary>The <c>.env</c> file's text.</summary>
    public string Env { get; set; } = "";

    /// <summary>Why it was saved, e.g. "rolled back to revision 2".</summary>
    public string? Comment { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}
