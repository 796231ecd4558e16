using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Portal.IntegrationTests;

/// <summary>One type of an assembly using another type: <see cref="User"/> is the top-level type whose code (lambdas and state machines included) names <see cref="Used"/>.</summary>
internal sealed record TypeUse(string User, string Used)
{
    public string UserNamespace => User[..Math.Max(0, User.LastIndexOf('.'))];

    public string UsedNamespace => Used[..Math.Max(0, Used.LastIndexOf('.'))];

    public override string ToString() => $"{User} uses {Used}";
}

/// <summary>
/// Reads an assembly's metadata and IL and lists, per top-level type, every type it names:
/// in signatures, fields, locals, base types, attributes and method bodies (calls, field reads,
/// casts, generic arguments). Assembly references alone cannot say where a type is used, and a
/// page that only reads a property of a returned object still names its type here.
/// </summary>
internal static class TypeUsage
{
    private static readonly Dictionary<short, OperandType> s_operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    public static IReadOnlyList<TypeUse> Scan(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        var names = new Names(md);
        var uses = new HashSet<TypeUse>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var user = names.Outermost(handle);
            if (user is null)
            {
                continue;
            }

            var found = new List<string>();
            found.AddRange(names.Of(type.BaseType));
            foreach (var i in type.GetInterfaceImplementations())
            {
                found.AddRange(names.Of(md.GetInterfaceImplementation(i).Interface));
            }

            foreach (var f in type.GetFields())
            {
                found.AddRange(md.GetFieldDefinition(f).DecodeSignature(names, null));
            }

            foreach (var p in type.GetProperties())
            {
                var signature = md.GetPropertyDefinition(p).DecodeSignature(names, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(t => t));
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                var signature = method.DecodeSignature(names, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(t => t));
                found.AddRange(Attributes(md, names, method.GetCustomAttributes()));
                if (method.RelativeVirtualAddress != 0)
                {
                    found.AddRange(Body(md, names, pe.GetMethodBody(method.RelativeVirtualAddress)));
                }
            }

            found.AddRange(Attributes(md, names, type.GetCustomAttributes()));
            uses.UnionWith(found.Where(n => n.Length > 0).Select(n => new TypeUse(user, n)));
        }

        return uses.OrderBy(u => u.User, StringComparer.Ordinal).ThenBy(u => u.Used, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the assembly's code calls a member named <paramref name="member"/> of <paramref name="type"/> (for example its <c>.ctor</c>).</summary>
    public static bool Calls(Assembly assembly, string type, string member)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        var names = new Names(md);
        return md.MemberReferences.Select(md.GetMemberReference)
            .Any(m => md.GetString(m.Name) == member && names.Of(m.Parent).FirstOrDefault() == type);
    }

    private static IEnumerable<string> Attributes(MetadataReader md, Names names, CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => names.Of(md.GetCustomAttribute(a).Constructor));

    private static IEnumerable<string> Body(MetadataReader md, Names names, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null))
            {
                foreach (var n in local)
                {
                    yield return n;
                }
            }
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            switch (s_operands[code])
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    foreach (var n in names.Of(MetadataTokens.EntityHandle(il.ReadInt32())))
                    {
                        yield return n;
                    }

                    break;
                case OperandType.InlineSwitch:
                    // Read the count first: "Offset += Read…()" would take Offset before the read moved it.
                    var targets = il.ReadInt32();
                    il.Offset += targets * 4;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }
    }

    /// <summary>Full names of the named types inside a handle or a signature; generic arguments included.</summary>
    private sealed class Names(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        /// <summary>The top-level type a definition belongs to; null for the compiler's own top-level helpers.</summary>
        public string? Outermost(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            while (type.IsNested)
            {
                type = md.GetTypeDefinition(type.GetDeclaringType());
            }

            var name = md.GetString(type.Name);
            return name.StartsWith('<') ? null : Join(md.GetString(type.Namespace), name);
        }

        public ImmutableArray<string> Of(EntityHandle handle) => handle.IsNil ? [] : handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(md, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => GetTypeFromSpecification(md, null, (TypeSpecificationHandle)handle, 0),
            HandleKind.MemberReference => Member(md.GetMemberReference((MemberReferenceHandle)handle)),
            HandleKind.MethodDefinition => Method(md.GetMethodDefinition((MethodDefinitionHandle)handle)),
            HandleKind.FieldDefinition => Field(md.GetFieldDefinition((FieldDefinitionHandle)handle)),
            HandleKind.MethodSpecification => Spec(md.GetMethodSpecification((MethodSpecificationHandle)handle)),
            _ => [],
        };

        private ImmutableArray<string> Member(MemberReference member)
        {
            var parent = Of(member.Parent);
            return member.GetKind() == MemberReferenceKind.Method
                ? [.. parent, .. Flatten(member.DecodeMethodSignature(this, null))]
                : [.. parent, .. member.DecodeFieldSignature(this, null)];
        }

        private ImmutableArray<string> Method(MethodDefinition method) =>
            [.. Of(method.GetDeclaringType()), .. Flatten(method.DecodeSignature(this, null))];

        private ImmutableArray<string> Field(FieldDefinition field) =>
            [.. Of(field.GetDeclaringType()), .. field.DecodeSignature(this, null)];

        private ImmutableArray<string> Spec(MethodSpecification spec) =>
            [.. Of(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(t => t)];

        private static IEnumerable<string> Flatten(MethodSignature<ImmutableArray<string>> signature) =>
            signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t));

        private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            var ns = type;
            while (ns.IsNested)
            {
                ns = reader.GetTypeDefinition(ns.GetDeclaringType());
            }

            return [Join(reader.GetString(ns.Namespace), reader.GetString(type.Name))];
        }

        public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var ns = type;
            // A nested type's reference names no namespace: its outermost enclosing reference does.
            while (ns.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                ns = reader.GetTypeReference((TypeReferenceHandle)ns.ResolutionScope);
            }

            return [Join(reader.GetString(ns.Namespace), reader.GetString(type.Name))];
        }

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(t => t)];

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) => [.. Flatten(signature)];

        public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];

        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
    }
}
