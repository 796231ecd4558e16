using System.Globalization;
using Microsoft.Playwright;
using Portal.PageBench;

// Per-page memory bench (issue 16, "≤ 1 MB per open page"): signs in to a running Portal in headless
// Chromium, opens N interactive pages in one signed-in browser context (containers list, a container's
// logs tab, its stats tab, in turn), waits until they settle and reads Portal's RSS and private dirty
// memory before, with the pages open, and after closing them. Run through bench/pages.sh.
//   Portal.PageBench BASE PASSWORD PID PAGES CONTAINER SETTLE_SECONDS
var (baseUrl, password, pid) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
var count = int.Parse(args[3], CultureInfo.InvariantCulture);
var container = args[4];
var settle = TimeSpan.FromSeconds(int.Parse(args[5], CultureInfo.InvariantCulture));
var chromium = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
ProcessMemory.Metrics = new Uri(baseUrl + "/metrics");
string[] urls = ["/containers", $"/containers/{container}?tab=logs", $"/containers/{container}?tab=stats"];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
});
await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
context.SetDefaultTimeout(120_000);

var signIn = await context.NewPageAsync();
await signIn.GotoAsync(baseUrl + "/login");
await signIn.FillAsync("#username", "admin");
await signIn.FillAsync("#password", password);
await signIn.ClickAsync("[data-testid=login-submit]");
await signIn.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
await Interactive(signIn);
await signIn.CloseAsync();

// The first open of each page kind compiles and caches what every later one shares: not per-page memory.
foreach (var url in urls)
{
    var warm = await context.NewPageAsync();
    await warm.GotoAsync(baseUrl + url);
    await Interactive(warm);
    await Task.Delay(2_000);
    await warm.CloseAsync();
}

await Task.Delay(settle);
var before = await ProcessMemory.SettledAsync(pid);
Console.Error.WriteLine($"before: {before}");

var pages = new List<IPage>();
for (var i = 0; i < count; i++)
{
    var page = await context.NewPageAsync();
    await page.GotoAsync(baseUrl + urls[i % urls.Length]);
    await Interactive(page);
    pages.Add(page);
}

// Every page live: the logs tabs follow a chatty container, the stats tabs get samples, the lists refresh.
await Task.Delay(settle);
var open = await ProcessMemory.SettledAsync(pid);
Console.Error.WriteLine($"{count} pages open: {open}");

foreach (var page in pages)
{
    // As a person closing the tab: the page's unload tells Portal the circuit is gone.
    await page.CloseAsync(new() { RunBeforeUnload = true });
}

await Task.Delay(settle);
var closed = await ProcessMemory.SettledAsync(pid);
Console.Error.WriteLine($"closed: {closed}");

// One line the script turns into the report: before, open and closed readings (RSS, private dirty, heap) in KiB.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{before.Rss} {before.PrivateDirty} {before.Heap} {open.Rss} {open.PrivateDirty} {open.Heap} {closed.Rss} {closed.PrivateDirty} {closed.Heap}"));
return 0;

static Task Interactive(IPage page) =>
    page.Locator("[data-testid=interactive][data-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
