namespace Portal.Engine.Pipeline;

/// <summary>One thing wrong with a request: the sentence to show, the request field it is about (null: the request as a whole), the refusing rule (if a rule refused).</summary>
public sealed record RequestProblem(string Message, string? Field = null, string? Rule = null);
