// Build context from a folder chosen in the browser (<input type=file webkitdirectory>).
// Blazor's InputFile drops File.webkitRelativePath, so this module reads it, lays the files out
// as a ustar archive and streams it to POST /api/v1/images/build. The archive is a Blob made of
// small headers and the File objects themselves: the browser reads each file as it sends it, so
// nothing is held whole in memory. The server still enforces the size cap and .dockerignore.

const block = 512;
const encoder = new TextEncoder();

// Files under the chosen folder, with paths relative to it ("app/src/x.js" -> "src/x.js").
function entries(input) {
    return Array.from(input.files || []).map(f => {
        const rel = f.webkitRelativePath || f.name;
        const slash = rel.indexOf('/');
        return { file: f, path: slash >= 0 ? rel.substring(slash + 1) : rel, root: slash >= 0 ? rel.substring(0, slash) : '' };
    }).filter(e => e.path.length > 0);
}

function octal(value, length) {
    return value.toString(8).padStart(length - 1, '0') + '\0';
}

function put(header, offset, length, text) {
    const bytes = encoder.encode(text);
    if (bytes.length > length) {
        throw new Error(`'${text}' is too long for a tar header`);
    }
    header.set(bytes, offset);
}

// One ustar header; long paths are split into prefix (155) + name (100) at a slash.
function tarHeader(path, size, mtime) {
    const header = new Uint8Array(block);
    let name = path, prefix = '';
    if (encoder.encode(path).length > 100) {
        const cut = path.lastIndexOf('/', 155);
        if (cut <= 0 || encoder.encode(path.substring(cut + 1)).length > 100) {
            throw new Error(`The path '${path}' is too long for a tar archive`);
        }
        prefix = path.substring(0, cut);
        name = path.substring(cut + 1);
    }
    put(header, 0, 100, name);
    put(header, 100, 8, '0000644\0');
    put(header, 108, 8, '0000000\0');
    put(header, 116, 8, '0000000\0');
    put(header, 124, 12, octal(size, 12));
    put(header, 136, 12, octal(Math.floor(mtime / 1000), 12));
    header.fill(0x20, 148, 156); // checksum counts itself as spaces
    header[156] = 0x30; // '0': regular file
    put(header, 257, 6, 'ustar\0');
    put(header, 263, 2, '00');
    put(header, 345, 155, prefix);
    let sum = 0;
    for (const b of header) {
        sum += b;
    }
    put(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    return header;
}

// The archive as a Blob; its size is known before a byte is read.
export function archive(input) {
    const parts = [];
    for (const e of entries(input)) {
        parts.push(tarHeader(e.path, e.file.size, e.file.lastModified || Date.now()));
        parts.push(e.file);
        const pad = (block - (e.file.size % block)) % block;
        if (pad > 0) {
            parts.push(new Uint8Array(pad));
        }
    }
    parts.push(new Uint8Array(block * 2));
    return new Blob(parts, { type: 'application/x-tar' });
}

// Tells .NET what was chosen: folder name, file count, archive size.
export function watch(input, dotnet) {
    input.addEventListener('change', () => {
        const list = entries(input);
        let size = 0;
        try {
            size = archive(input).size;
        } catch (err) {
            dotnet.invokeMethodAsync('OnFolderRejected', String(err.message || err));
            return;
        }
        dotnet.invokeMethodAsync('OnFolderChosen', list.length > 0 ? list[0].root : '', list.length, size);
    });
}

// Sends the archive; reports progress at most every 200 ms; resolves with the answer's status and body.
export function upload(input, url, dotnet) {
    const body = archive(input);
    return new Promise(resolve => {
        const xhr = new XMLHttpRequest();
        let last = 0;
        xhr.upload.onprogress = ev => {
            const now = Date.now();
            if (now - last >= 200 || ev.loaded === ev.total) {
                last = now;
                dotnet.invokeMethodAsync('OnUploadProgress', ev.loaded, body.size);
            }
        };
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: 'The upload failed: the connection to Portal broke.' });
        xhr.open('POST', url);
        xhr.setRequestHeader('Content-Type', 'application/x-tar');
        xhr.send(body);
    });
}
