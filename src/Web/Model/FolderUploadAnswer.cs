namespace Portal.Web.Model;

/// <summary>What the browser's folder upload got back from the build API: HTTP status (0 when the connection broke) and body.</summary>
public sealed record FolderUploadAnswer(int Status, string Body);
