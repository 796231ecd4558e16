using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using Portal.Engine.Logs;
using Portal.Engine.Pipeline;
using Portal.Web.Logs;
using Portal.Web.Model;
using Portal.Web.Streaming;

namespace Portal.Web.Components.Logs;

/// <summary>
/// The log view of one container, or of several merged by time: the recent lines, then the live
/// tail. Lines arrive on a background loop into a pending list; a throttled refresh moves them into
/// the capped buffer at most every 100 ms, and Virtualize renders only the rows in sight.
/// </summary>
public sealed partial class LogViewer : IAsyncDisposable
{
    /// <summary>Lines shown on open and fetched by each "load earlier".</summary>
    public const int PageLines = 1_000;

    /// <summary>
    /// Most lines the page holds (what it shows plus a scrollback); older ones are dropped and the page
    /// says so. Was 100,000: a Logs tab left open on a chatty container grew to tens of megabytes of
    /// circuit memory (bench/results/pages.md). The download has the whole log.
    /// </summary>
    public const int MaxLines = 5_000;

    /// <summary>Most bytes of lines the page holds (<see cref="LogRow.Bytes"/>), whatever their count: long lines hit this first.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly TimeSpan s_refreshInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly LogRowBuffer _buffer = new(MaxLines, MaxBytes);
    private readonly LogSourceColours _colours = new();
    private List<LogRow> _pending = [];
    private long _pendingBytes;
    private List<LogRow> _view = [];
    private CancellationTokenSource? _cts;
    private CallbackThrottler? _throttler;
    private IJSObjectReference? _module;
    private ElementReference _scroller;
    private string _watching = "";
    private bool _follow = true;
    private bool _timestamps;
    private bool _wrap;
    private bool _onlyMatching;
    private bool _loadingEarlier;
    private bool _ended;
    private bool _loaded;
    private bool _scrollPending;
    private string? _search;
    private string? _error;
    private long _engineSkipped;
    private long _pageSkipped;
    private long _pendingDropped;

    /// <summary>Names or ids of the containers to show; more than one gives the merged view.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Containers { get; set; } = [];

    [Inject] public required ILogOperations Logs { get; init; }

    [Inject] public required CurrentActor CurrentActor { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required ILogger<LogViewer> Logger { get; init; }

    [Inject] public required IOptions<LogOptions> LogOptions { get; init; }

    /// <summary>The held lines, for tests of the caps (the renderer's thread only).</summary>
    internal LogRowBuffer Buffer => _buffer;

    private bool Merged => Containers.Count > 1;

    private string MergeWindowText => $"{LogOptions.Value.MergeWindow.TotalMilliseconds:0} ms";

    private long Skipped => _engineSkipped + _pageSkipped;

    private string StatusText =>
        _error is not null ? "error"
        : !_loaded ? "loading…"
        : $"{_view.Count:N0} lines" + (_ended ? " · container removed" : !_follow ? " · paused" : " · live");

    protected override void OnInitialized() =>
        _throttler = new CallbackThrottler(_ => InvokeAsync(ApplyPendingAsync), s_refreshInterval, Time, Logger);

    protected override void OnParametersSet()
    {
        var key = string.Join('\n', Containers);
        if (key == _watching)
        {
            return;
        }

        // A different selection: the old stream stops before the new one starts.
        _watching = key;
        _cts?.Cancel();
        _cts?.Dispose();
        _cts = new CancellationTokenSource();
        lock (_gate)
        {
            (_pending, _pendingBytes) = ([], 0);
        }

        _buffer.Clear();
        _colours.Clear();
        _view = _buffer.Rows;
        (_engineSkipped, _pageSkipped, _ended, _loaded, _error) = (0, 0, false, false, null);
        if (Containers.Count > 0)
        {
            _ = WatchAsync(Containers, _cts.Token);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scrollPending && _follow)
        {
            _scrollPending = false;
            try
            {
                _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Logs/LogViewer.razor.js");
                await _module.InvokeVoidAsync("scrollToEnd", _scroller);
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private async Task WatchAsync(IReadOnlyList<string> containers, CancellationToken ct)
    {
        try
        {
            var actor = await CurrentActor.GetAsync(ct);
            if (containers.Count == 1)
            {
                await foreach (var batch in Logs.WatchAsync(actor, containers[0], PageLines, ct))
                {
                    Receive(batch.Lines.Select(l => new LogRow(l, null)).ToList(), batch.Skipped, batch.Ended);
                }
            }
            else
            {
                await foreach (var batch in Logs.WatchMergedAsync(actor, containers, PageLines, ct))
                {
                    Receive(batch.Lines.Select(l => new LogRow(l.Line, l.Container)).ToList(), batch.Skipped, ended: false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (OperationFailedException ex)
        {
            await ShowErrorAsync(ex.Message, ct);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Watching the log of {Containers} failed", string.Join(", ", containers));
            await ShowErrorAsync("Reading the log failed: " + ex.Message, ct);
        }
    }

    private void Receive(List<LogRow> rows, long skipped, bool ended)
    {
        lock (_gate)
        {
            _pending.AddRange(rows);
            _pendingBytes += rows.Sum(r => (long)r.Bytes);
            // Paused with lines still coming: the pending list is capped like the page, by count and bytes.
            var drop = 0;
            while (drop < _pending.Count && (_pending.Count - drop > MaxLines || _pendingBytes > MaxBytes))
            {
                _pendingBytes -= _pending[drop].Bytes;
                drop++;
            }

            if (drop > 0)
            {
                _pending.RemoveRange(0, drop);
                _pendingDropped += drop;
            }

            _engineSkipped = skipped;
            _ended |= ended;
            _loaded = true;
        }

        _throttler?.Signal();
    }

    private Task ApplyPendingAsync()
    {
        if (!_follow && _loaded && _buffer.Count > 0)
        {
            // Paused: the view holds still; lines wait in the (capped) pending list.
            StateHasChanged();
            return Task.CompletedTask;
        }

        List<LogRow> rows;
        lock (_gate)
        {
            rows = _pending;
            (_pending, _pendingBytes) = ([], 0);
            _pageSkipped += _pendingDropped;
            _pendingDropped = 0;
        }

        _buffer.Append(rows);
        RefreshView();
        _scrollPending = true;
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void RefreshView() => _view = _onlyMatching ? _buffer.Matching(_search) : _buffer.Rows;

    private async Task SetFollowAsync(bool follow)
    {
        _follow = follow;
        if (follow)
        {
            await ApplyPendingAsync();
        }
    }

    private void SetSearch(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search;
        RefreshView();
    }

    private void SetOnlyMatching(bool value)
    {
        _onlyMatching = value;
        RefreshView();
    }

    private async Task LoadEarlierAsync()
    {
        if (_buffer.Oldest?.Timestamp is not { } oldest || Containers.Count != 1 || _cts is null)
        {
            return;
        }

        _loadingEarlier = true;
        try
        {
            var ct = _cts.Token;
            var actor = await CurrentActor.GetAsync(ct);
            var rows = new List<LogRow>();
            using (var session = await Logs.OpenAsync(actor, Containers[0], new LogQuery { Tail = PageLines, Until = oldest }, ct))
            {
                await foreach (var batch in session.ReadAllAsync(ct))
                {
                    rows.AddRange(batch.Select(l => new LogRow(l, null)));
                }
            }

            if (_buffer.Prepend(rows) < rows.Count)
            {
                _error = $"The page holds at most {MaxLines:N0} lines ({Portal.Engine.Formatting.ByteSize.Format(MaxBytes)}); download the log for the rest.";
            }

            RefreshView();
        }
        catch (OperationCanceledException)
        {
        }
        catch (OperationFailedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loadingEarlier = false;
        }
    }

    private async Task ShowErrorAsync(string message, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return;
        }

        await InvokeAsync(() =>
        {
            _error = message;
            _loaded = true;
            StateHasChanged();
        });
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: the page and the renderer may both dispose it, and a disposed source throws on Cancel.
        var cts = Interlocked.Exchange(ref _cts, null);
        cts?.Cancel();
        cts?.Dispose();
        _throttler?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
