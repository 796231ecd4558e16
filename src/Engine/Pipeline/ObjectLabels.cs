using Portal.Engine.Labels;

namespace Portal.Engine.Pipeline;

/// <summary>Validates user labels for any object: non-empty keys, nothing under Portal's reserved prefix.</summary>
public static class ObjectLabels
{
    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw OperationFailedException.Invalid("Label names cannot be empty.");
            }

            if (key.StartsWith(PortalLabels.ReservedPrefix, StringComparison.Ordinal))
            {
                throw OperationFailedException.Invalid($"Label '{key}' is reserved for Portal.");
            }

            result[key.Trim()] = value ?? "";
        }

        return result;
    }
}
