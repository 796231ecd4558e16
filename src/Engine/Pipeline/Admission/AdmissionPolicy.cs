using Portal.Engine.Containers;

namespace Portal.Engine.Pipeline.Admission;

/// <summary>Judges a container spec for an actor: administrators pass, everyone else meets every rule.</summary>
public sealed class AdmissionPolicy(IEnumerable<IAdmissionRule> rules)
{
    private readonly IReadOnlyList<IAdmissionRule> _rules = [.. rules];

    /// <summary>The rules in force, in the order they are checked.</summary>
    public IReadOnlyList<IAdmissionRule> Rules => _rules;

    /// <summary>Throws a <see cref="OperationOutcome.Forbidden"/> failure naming the first rule that refuses.</summary>
    public void Admit(Actor actor, ContainerSpec spec)
    {
        if (actor.IsAdmin)
        {
            return;
        }

        foreach (var rule in _rules)
        {
            if (rule.Check(spec) is { } reason)
            {
                throw new OperationFailedException(OperationOutcome.Forbidden, $"Refused by rule '{rule.Name}': {reason}") { Rule = rule.Name };
            }
        }
    }
}
