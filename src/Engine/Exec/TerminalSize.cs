namespace Portal.Engine.Exec;

/// <summary>A terminal's size in character cells, clamped to what a person's window can hold.</summary>
public readonly record struct TerminalSize
{
    public TerminalSize(int columns, int rows)
    {
        Columns = Math.Clamp(columns, 1, 1000);
        Rows = Math.Clamp(rows, 1, 1000);
    }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The classic 80×24 a terminal starts at before the page measured itself.</summary>
    public static TerminalSize Default { get; } = new(80, 24);
}
