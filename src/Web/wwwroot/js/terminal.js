// The web terminal: xterm.js in the page, bytes straight to and from /hubs/exec over the page's
// own SignalR connection (the sign-in cookie authenticates it). Terminal I/O never goes through
// the Blazor circuit: keystrokes and output take one WebSocket hop each way to the hub, which
// writes to and reads from the engine's hijacked exec stream. URLs are relative to the page's
// <base href>, so Portal works behind a reverse proxy that forwards WebSockets.

const base = document.baseURI;
// Pasted text is sent in pieces below the hub's per-message input bound (16 KiB of UTF-8).
const inputChunkChars = 4096;
const sessions = new Map();
let nextHandle = 1;
let libraries;

function loadScript(path) {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = new URL(path, base).href;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`Cannot load ${path}`));
        document.head.appendChild(script);
    });
}

function loadStyle(path) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(path, base).href;
    document.head.appendChild(link);
}

function ensureLibraries() {
    libraries ??= (async () => {
        loadStyle('lib/xterm/xterm.css');
        await Promise.all([
            loadScript('lib/xterm/xterm.js').then(() => loadScript('lib/xterm/addon-fit.js')),
            window.signalR ? Promise.resolve() : loadScript('lib/signalr/signalr.min.js'),
        ]);
    })();
    return libraries;
}

function* chunks(text) {
    for (let i = 0; i < text.length;) {
        let end = Math.min(text.length, i + inputChunkChars);
        // Never split a surrogate pair: the server would see half a character.
        if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) {
            end--;
        }
        yield text.slice(i, end);
        i = end;
    }
}

/** Opens a terminal in `element` running options.command in options.container; returns a handle. */
export async function open(element, dotnet, options) {
    await ensureLibraries();
    const term = new window.Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
        fontSize: 14,
        scrollback: 5000,
        theme: { background: '#1e1e1e' },
    });
    const fit = new window.FitAddon.FitAddon();
    term.loadAddon(fit);
    element.replaceChildren();
    term.open(element);
    fit.fit();

    const connection = new window.signalR.HubConnectionBuilder()
        .withUrl(new URL('hubs/exec', base).href)
        .configureLogging(window.signalR.LogLevel.Warning)
        .build();
    await connection.start();
    let id;
    try {
        id = await connection.invoke('StartSession', {
            container: options.container,
            command: options.command,
            user: options.user || null,
            workingDir: options.workingDir || null,
            cols: term.cols,
            rows: term.rows,
        });
    } catch (error) {
        await connection.stop();
        term.dispose();
        throw error;
    }

    const handle = nextHandle++;
    const resize = new ResizeObserver(() => fit.fit());
    const session = { term, connection, id, resize, ended: false };
    sessions.set(handle, session);

    const end = message => {
        if (session.ended) {
            return;
        }
        session.ended = true;
        resize.disconnect();
        term.write(`\r\n\x1b[90m[${message}]\x1b[0m\r\n`);
        connection.stop();
        dotnet.invokeMethodAsync('OnSessionEnded', message).catch(() => { /* the page is gone */ });
    };

    connection.stream('Output', id).subscribe({
        next: frame => {
            if (frame.data) {
                term.write(frame.data);
            }
            if (frame.ended) {
                end(frame.message || 'The process ended.');
            }
        },
        complete: () => end('The process ended.'),
        error: error => end(`Connection lost: ${error.message}`),
    });
    connection.onclose(() => end('Disconnected from Portal.'));

    term.onData(data => {
        for (const piece of chunks(data)) {
            connection.send('Input', id, piece).catch(() => { });
        }
    });
    term.onResize(size => {
        if (!session.ended) {
            connection.send('Resize', id, size.cols, size.rows).catch(() => { });
        }
    });
    // Ctrl+Shift+C copies the selection (plain Ctrl+C is the shell's interrupt); Ctrl+V / Ctrl+Shift+V paste natively.
    term.attachCustomKeyEventHandler(event => {
        if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC' && term.hasSelection()) {
            navigator.clipboard?.writeText(term.getSelection());
            return false;
        }
        return true;
    });
    resize.observe(element);
    term.focus();
    return handle;
}

/** Ends the session (the shell sees its input close) and removes the terminal. */
export async function close(handle) {
    const session = sessions.get(handle);
    if (!session) {
        return;
    }
    sessions.delete(handle);
    session.ended = true;
    session.resize.disconnect();
    try {
        if (session.connection.state === 'Connected') {
            await session.connection.invoke('Close', session.id);
        }
    } catch {
        // Closing the connection below ends the session on the server anyway.
    }
    await session.connection.stop();
    session.term.dispose();
}
