using System.Text.Json;

namespace Portal.Bench;

/// <summary>Results handed from one bench command to the next through files in the state folder.</summary>
internal static class BenchState
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static void Save<T>(string stateDir, string name, T value)
    {
        Directory.CreateDirectory(stateDir);
        File.WriteAllText(Path.Combine(stateDir, name + ".json"), JsonSerializer.Serialize(value, s_json));
    }

    public static T? Load<T>(string stateDir, string name)
        where T : class
    {
        var path = Path.Combine(stateDir, name + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), s_json) : null;
    }
}
