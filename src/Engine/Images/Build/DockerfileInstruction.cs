namespace Portal.Engine.Images.Build;

/// <summary>One instruction of a Dockerfile: its keyword in upper case, the rest of its joined lines, and the line it starts on (1-based).</summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments, int Line);
