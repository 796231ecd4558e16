// One SignalR stream from a Portal hub for a bench, over a WebSocket (JSON protocol), for a bounded time.
//   node --experimental-websocket bench/lib/hub-stream.mjs BASE TOKEN HUB METHOD ARGS_JSON SECONDS
// e.g. ... http://127.0.0.1:5000 $token /hubs/logs FollowIn '[null,"web",10]' 20
// Prints "items N" (stream items received) and exits 0; a hub error or an early close exits 1.
const [base, token, hub, method, argsJson, seconds] = process.argv.slice(2);
const RS = '\x1e';
const url = base.replace(/^http/, 'ws') + hub + '?access_token=' + encodeURIComponent(token);
const ws = new WebSocket(url);
let items = 0;
let handshaken = false;
let done = false;
let buffer = '';
const finish = (code, message) => {
    if (done) return;
    done = true;
    if (message) console.error(message);
    console.log(`items ${items}`);
    try {
        if (ws.readyState === WebSocket.OPEN) {
            ws.send(JSON.stringify({ type: 5, invocationId: '1' }) + RS);
            ws.close(1000);
        }
    } catch { /* closing anyway */ }
    setTimeout(() => process.exit(code), 200);
};
const timer = setTimeout(() => finish(0), Number(seconds) * 1000);
ws.onopen = () => ws.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
ws.onmessage = async (event) => {
    buffer += typeof event.data === 'string' ? event.data : await event.data.text();
    let end;
    while ((end = buffer.indexOf(RS)) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (!handshaken) {
            handshaken = true;
            if (message.error) return finish(1, `handshake: ${message.error}`);
            ws.send(JSON.stringify({ type: 4, invocationId: '1', target: method, arguments: JSON.parse(argsJson) }) + RS);
        } else if (message.type === 2) {
            items++;
        } else if (message.type === 3) {
            clearTimeout(timer);
            finish(message.error ? 1 : 0, message.error ? `stream: ${message.error}` : undefined);
        } else if (message.type === 7) {
            clearTimeout(timer);
            finish(1, `closed by the hub: ${message.error ?? ''}`);
        }
    }
};
ws.onerror = () => { clearTimeout(timer); finish(1, 'websocket error'); };
ws.onclose = () => { clearTimeout(timer); finish(done ? 0 : 1, done ? undefined : 'websocket closed'); };
