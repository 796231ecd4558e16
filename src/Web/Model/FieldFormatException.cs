namespace Portal.Web.Model;

/// <summary>A form's text that cannot be split into a request, said of the request field it was meant for.</summary>
public sealed class FieldFormatException(string field, string message, Exception? inner = null) : FormatException(message, inner)
{
    /// <summary>The request field, in the REST request's names (<c>command</c>, <c>labels</c>, <c>cpus</c>).</summary>
    public string Field { get; } = field;
}
