using Portal.Engine.Containers;

namespace Portal.Web.Model;

/// <summary>What the containers page shows; it round-trips through the URL so a view can be bookmarked or shared.</summary>
public sealed record ContainerListFilter
{
    /// <summary>Sort keys the catalog understands.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["name", "image", "state", "created", "team"];

    public static ContainerListFilter Default { get; } = new();

    /// <summary>Include stopped containers, like <c>docker ps -a</c>.</summary>
    public bool All { get; init; }

    public string? State { get; init; }

    /// <summary>Substring of the name or image.</summary>
    public string? Text { get; init; }

    public string? Team { get; init; }

    /// <summary>Show removed containers instead of live ones.</summary>
    public bool History { get; init; }

    public string Sort { get; init; } = "name";

    public bool Descending { get; init; }

    /// <summary>Builds a filter from query values, dropping anything the page does not understand.</summary>
    public static ContainerListFilter From(bool all, string? state, string? text, string? team, bool history, string? sort, bool descending) => new()
    {
        All = all,
        State = Blank(state),
        Text = Blank(text),
        Team = Blank(team),
        History = history,
        Sort = sort is not null && SortKeys.Contains(sort) ? sort : "name",
        Descending = descending,
    };

    public ContainerListRequest ToRequest(int skip, int take) => new()
    {
        // A state filter other than "running" would always be empty without All.
        All = All || (State is not null && State != "running"),
        State = State,
        Text = Text,
        Team = Team,
        Removed = History,
        Sort = Sort,
        Descending = Descending,
        Skip = skip,
        Take = take,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
