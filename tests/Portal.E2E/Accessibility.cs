using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>axe-core (vendored under lib/axe) run in the page as it stands: the serious and critical violations only.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> s_axe = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "lib", "axe", "axe.min.js")));

    /// <summary>One line per violated rule: id, impact, up to three offending elements, and what the rule asks.</summary>
    /// <remarks>The page must come from a context made with <c>bypassCsp</c>; Portal's policy refuses injected scripts.</remarks>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Content = s_axe.Value });
        }

        var json = await page.EvaluateAsync<string>("""
            async () => {
                const r = await axe.run(document, { resultTypes: ['violations'] });
                return JSON.stringify(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')} - ${v.help}`));
            }
            """);
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }
}
