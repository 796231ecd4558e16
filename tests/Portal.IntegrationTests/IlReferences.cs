using System.Reflection;
using System.Reflection.Emit;

namespace Portal.IntegrationTests;

/// <summary>
/// The members each type of an assembly refers to in its method bodies, read from the IL, so an
/// architecture test sees calls the compiler moved into async state machines and lambdas
/// (attributed to the outermost type that wrote them).
/// </summary>
internal static class IlReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every (writing type, referenced member) pair of the assembly's method bodies.</summary>
    public static IEnumerable<(Type Owner, MemberInfo Member)> Of(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var owner = Outermost(type);
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                foreach (var member in Members(method))
                {
                    yield return (owner, member);
                }
            }
        }
    }

    /// <summary>Types whose fields or method parameters are of <paramref name="referenced"/> (holding it without calling it).</summary>
    public static IEnumerable<Type> Holding(Assembly assembly, Type referenced) =>
        assembly.GetTypes()
            .Where(t => t.GetFields(All).Any(f => f.FieldType == referenced)
                || t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)).Any(m => m.GetParameters().Any(p => p.ParameterType == referenced)))
            .Select(Outermost)
            .Distinct();

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static List<MemberInfo> Members(MethodBase method)
    {
        var result = new List<MemberInfo>();
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return result;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var code = il[i] == 0xFE ? s_opCodes[(short)(0xFE00 | il[i + 1])] : s_opCodes[il[i]];
            i += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    try
                    {
                        result.Add(method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!);
                    }
                    catch (ArgumentException)
                    {
                        // A token of a kind we do not follow (a type or signature): not a member call.
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += OperandSize(code.OperandType);
                    break;
            }
        }

        return result;
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
