using System.Globalization;
using Portal.Engine.Pipeline;

namespace Portal.Web.Model;

/// <summary>
/// A refusal laid onto a form: each problem the Engine ties to a request field (<c>ports[1]</c>, <c>binds[0]</c>,
/// <c>image</c>) goes to the input that holds that field, a list entry said with its line; what no input holds stays
/// general, for the alert above the form. The form names its inputs by the request's field names.
/// </summary>
public sealed class FormProblems(IReadOnlyList<string> inputs, IReadOnlySet<string>? multiLine = null)
{
    private readonly Dictionary<string, List<string>> _byInput = new(StringComparer.Ordinal);
    private readonly List<string> _general = [];

    /// <summary>The problems no input of the form holds, one sentence each; null when there are none.</summary>
    public string? General => _general.Count == 0 ? null : string.Join(' ', _general);

    /// <summary>The first input (in the form's order) that has a problem: the one to scroll to.</summary>
    public string? First => inputs.FirstOrDefault(_byInput.ContainsKey);

    public bool Any => _byInput.Count > 0 || _general.Count > 0;

    public bool Has(string input) => _byInput.ContainsKey(input);

    /// <summary>The messages for <paramref name="input"/>, or null when it has none.</summary>
    public string? Of(string input) => _byInput.TryGetValue(input, out var messages) ? string.Join(' ', messages) : null;

    public void Clear()
    {
        _byInput.Clear();
        _general.Clear();
    }

    /// <summary>The person changed <paramref name="input"/>: its mark goes (what the Engine said was about the old value); the others stay.</summary>
    public void Edited(string input) => _byInput.Remove(input);

    /// <summary>Replaces what is shown with every problem of <paramref name="failure"/>.</summary>
    public void Set(OperationFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Clear();
        foreach (var problem in failure.AllProblems)
        {
            Add(problem.Field, problem.Message);
        }
    }

    /// <summary>Replaces what is shown with one problem about <paramref name="field"/> (null: the form as a whole).</summary>
    public void Set(string? field, string message)
    {
        Clear();
        Add(field, message);
    }

    private void Add(string? field, string message)
    {
        var (input, index) = Split(field);
        if (input is null || !inputs.Contains(input, StringComparer.Ordinal))
        {
            _general.Add(message);
            return;
        }

        if (!_byInput.TryGetValue(input, out var messages))
        {
            _byInput[input] = messages = [];
        }

        // A form shows a list one entry a line: say which line, counted as the person sees them.
        messages.Add(index is { } i && multiLine?.Contains(input) == true ? $"Line {(i + 1).ToString(CultureInfo.InvariantCulture)}: {message}" : message);
    }

    /// <summary><c>ports[1]</c> → (ports, 1); <c>labels.tier</c> → (labels, null); <c>image</c> → (image, null).</summary>
    public static (string? Input, int? Index) Split(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return (null, null);
        }

        var end = field.IndexOfAny(['[', '.']);
        if (end < 0)
        {
            return (field, null);
        }

        var close = field.IndexOf(']', end);
        int? index = field[end] == '[' && close > end && int.TryParse(field.AsSpan(end + 1, close - end - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
        return (field[..end], index);
    }
}
