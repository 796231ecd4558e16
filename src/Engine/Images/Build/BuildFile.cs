namespace Portal.Engine.Images.Build;

/// <summary>An extra file for a build typed in the editor: its context path and how to read it (opened once, when the context is written).</summary>
public sealed record BuildFile(string Name, Func<Stream> Open);
