using Portal.Engine.Admission;
using Portal.Engine.Pipeline;

namespace Portal.Engine.Compose.Stacks;

/// <summary>
/// What a stack asks admission for, and what each request is in the compose file: the subject a refusal names
/// (<c>Service 'web' (key 'privileged')</c>) and the field it is about (<c>services.web.privileged</c>).
/// </summary>
internal sealed class StackAdmissions(IReadOnlyList<(AdmissionRequest Request, Func<OperationFailedException, StackRefusalSubject> Subject)> requests)
{
    private readonly Dictionary<AdmissionRequest, Func<OperationFailedException, StackRefusalSubject>> _subjects = ByReference(requests);

    public IReadOnlyList<AdmissionRequest> Requests { get; } = [.. requests.Select(r => r.Request)];

    /// <summary>
    /// Every refusal (one per refusing rule of each request, all of <see cref="Requests"/>), told for the stack at once:
    /// one sentence each naming what is refused, the key and the rule once, a line each, then that nothing was deployed.
    /// </summary>
    public OperationFailedException Refused(IReadOnlyList<(AdmissionRequest Request, OperationFailedException Refusal)> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        var problems = refusals.Select(r =>
        {
            var subject = _subjects[r.Request](r.Refusal);
            var sentence = r.Refusal.Rule is { } rule
                ? RefusalText.Sentence(subject.Text, rule, r.Refusal.Reason ?? r.Refusal.Message)
                : $"{subject.Text} is refused: {r.Refusal.Message.TrimEnd('.')}.";
            return new RequestProblem(sentence, subject.Field, r.Refusal.Rule);
        }).ToList();
        return new OperationFailedException(OperationOutcome.Forbidden, string.Join('\n', problems.Select(p => p.Message).Append("Nothing was deployed.")))
        {
            Rule = problems[0].Rule,
            Field = problems[0].Field,
            Problems = problems,
        };
    }

    // Requests are records: two services asking the same thing are equal, yet each refusal names its own key.
    private static Dictionary<AdmissionRequest, Func<OperationFailedException, StackRefusalSubject>> ByReference(
        IReadOnlyList<(AdmissionRequest Request, Func<OperationFailedException, StackRefusalSubject> Subject)> requests)
    {
        var map = new Dictionary<AdmissionRequest, Func<OperationFailedException, StackRefusalSubject>>(ReferenceEqualityComparer.Instance);
        foreach (var (request, subject) in requests)
        {
            map[request] = subject;
        }

        return map;
    }
}

/// <summary>What a stack's refusal is about: the words that name it and the compose key path (<c>services.web.privileged</c>).</summary>
internal sealed record StackRefusalSubject(string Text, string Field);
