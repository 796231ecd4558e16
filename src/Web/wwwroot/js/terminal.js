// The web terminal: xterm.js in the page. The session is started (and closed) on /hubs/exec over
// the page's own SignalR connection (the sign-in cookie authenticates it); its bytes then travel on
// a plain WebSocket, /hubs/terminal, attached with a one-use ticket from the hub: binary frames of
// keystrokes in, binary frames of raw output out, so a keystroke costs one frame each way and no
// hub invocation. Terminal I/O never goes through the Blazor circuit. URLs are relative to the
// page's <base href>, so Portal works behind a reverse proxy that forwards WebSockets.

const base = document.baseURI;
// Pasted text is sent in pieces below the per-message input bound (16 KiB of UTF-8).
const inputChunkBytes = 8192;
const encoder = new TextEncoder();
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

function* chunks(bytes) {
    // Splitting bytes is safe: the server passes them to the TTY as they are.
    for (let i = 0; i < bytes.length; i += inputChunkBytes) {
        yield bytes.subarray(i, Math.min(bytes.length, i + inputChunkBytes));
    }
}

function openSocket(ticket) {
    const url = new URL(`hubs/terminal?ticket=${encodeURIComponent(ticket)}`, base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url.href);
    socket.binaryType = 'arraybuffer';
    return new Promise((resolve, reject) => {
        socket.onopen = () => resolve(socket);
        socket.onerror = () => reject(new Error('Cannot open the terminal socket: the session may have ended, or a proxy in front of Portal does not forward WebSockets on /hubs/terminal with their Host header.'));
    });
}

/** Opens a terminal in `element` running options.command in options.container (on options.environment; absent: local); returns a handle. */
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
    let socket;
    try {
        id = await connection.invoke('StartSession', {
            environment: options.environment || null,
            container: options.container,
            command: options.command,
            user: options.user || null,
            workingDir: options.workingDir || null,
            cols: term.cols,
            rows: term.rows,
        });
        socket = await openSocket(await connection.invoke('AttachTicket', id));
    } catch (error) {
        await connection.stop();
        term.dispose();
        throw error;
    }

    const handle = nextHandle++;
    const resize = new ResizeObserver(() => fit.fit());
    const session = { term, connection, socket, id, resize, ended: false };
    sessions.set(handle, session);

    const end = message => {
        if (session.ended) {
            return;
        }
        session.ended = true;
        resize.disconnect();
        term.write(`\r\n\x1b[90m[${message}]\x1b[0m\r\n`);
        socket.close();
        connection.stop();
        dotnet.invokeMethodAsync('OnSessionEnded', message).catch(() => { /* the page is gone */ });
    };

    socket.onmessage = event => {
        if (typeof event.data === 'string') {
            const frame = JSON.parse(event.data);
            if (frame.ended) {
                end(frame.message || 'The process ended.');
            }
        } else {
            // xterm.js decodes UTF-8 itself, carrying a character split across two frames.
            term.write(new Uint8Array(event.data));
        }
    };
    socket.onclose = event => end(event.wasClean ? 'The process ended.' : 'Connection lost.');
    connection.onclose(() => end('Disconnected from Portal.'));

    term.onData(data => {
        if (socket.readyState === WebSocket.OPEN) {
            for (const piece of chunks(encoder.encode(data))) {
                socket.send(piece);
            }
        }
    });
    term.onBinary(data => {
        // Some mouse reports arrive as a binary string: one byte per character.
        if (socket.readyState === WebSocket.OPEN) {
            socket.send(Uint8Array.from(data, c => c.charCodeAt(0) & 0xff));
        }
    });
    term.onResize(size => {
        if (!session.ended && socket.readyState === WebSocket.OPEN) {
            socket.send(JSON.stringify({ type: 'resize', cols: size.cols, rows: size.rows }));
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
    session.socket.close();
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
