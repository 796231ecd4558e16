namespace Portal.Web.Logs;

/// <summary>A run of text with the CSS classes of its ANSI style (null when unstyled). The text is plain, never markup.</summary>
public readonly record struct AnsiSpan(string Text, string? Classes);
