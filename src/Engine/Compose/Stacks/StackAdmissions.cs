using Portal.Engine.Admission;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>What a stack asks admission for, and how each refusal is told (it names the key in the compose file).</summary>
internal sealed class StackAdmissions(IReadOnlyList<(AdmissionRequest Request, Func<OperationFailedException, Exception> Refused)> requests)
{
    private readonly Dictionary<AdmissionRequest, Func<OperationFailedException, Exception>> _refused = ByReference(requests);

    public IReadOnlyList<AdmissionRequest> Requests { get; } = [.. requests.Select(r => r.Request)];

    /// <summary>The refusal of <paramref name="request"/> (one of <see cref="Requests"/>), told for the stack.</summary>
    public Exception Refused(AdmissionRequest request, OperationFailedException refusal) => _refused[request](refusal);

    // Requests are records: two services asking the same thing are equal, yet each refusal names its own key.
    private static Dictionary<AdmissionRequest, Func<OperationFailedException, Exception>> ByReference(
        IReadOnlyList<(AdmissionRequest Request, Func<OperationFailedException, Exception> Refused)> requests)
    {
        var map = new Dictionary<AdmissionRequest, Func<OperationFailedException, Exception>>(ReferenceEqualityComparer.Instance);
        foreach (var (request, refused) in requests)
        {
            map[request] = refused;
        }

        return map;
    }
}
