namespace Portal.Engine.Admission;

/// <summary>When the admin lists images, non-admins run (and pull) only those.</summary>
public sealed class AllowedImagesRule : IAdmissionRule<ContainerAdmission>, IAdmissionRule<ImagePullAdmission>
{
    public const string Setting = "allowedImages";

    public string Name => "allowed-images";

    public AdmissionRefusal? Check(ContainerAdmission request) => CheckImage(request.Spec.Image, request.Settings);

    /// <summary>A pull brings only an allowed image.</summary>
    public AdmissionRefusal? Check(ImagePullAdmission request) => CheckImage(request.Reference, request.Settings);

    private static AdmissionRefusal? CheckImage(string reference, PolicySettings settings) =>
        settings.AllowedImages.Count == 0 || settings.AllowedImages.Any(a => Matches(a, reference))
            ? null
            : new AdmissionRefusal($"Image '{reference}' is not in the list of allowed images; an administrator may add it to '{Setting}'.", Setting) { Field = "image" };

    /// <summary>
    /// An entry ending in <c>/</c> or <c>:</c> is a prefix; otherwise it names a repository (any tag or
    /// digest) or one exact reference. Both the reference as written and its Docker Hub long form are tried.
    /// </summary>
    public static bool Matches(string entry, string reference)
    {
        foreach (var (candidate, entryForm) in new[] { (reference, entry), (Qualify(reference), Qualify(entry)) })
        {
            entry = entryForm;
            if (candidate == entry)
            {
                return true;
            }

            if (candidate.StartsWith(entry, StringComparison.Ordinal)
                && (entry.EndsWith('/') || entry.EndsWith(':') || candidate[entry.Length] is ':' or '@'))
            {
                return true;
            }
        }

        return false;
    }

    private static string Qualify(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : reference[..slash];
        if (slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            return reference;
        }

        return slash < 0 ? "docker.io/library/" + reference : "docker.io/" + reference;
    }
}
