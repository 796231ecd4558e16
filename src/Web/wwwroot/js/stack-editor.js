// The stack editor's text as it is in the browser now, ahead of the text field's typing debounce.
export function read(selector) {
    const host = document.querySelector(selector);
    if (!host) {
        return null;
    }

    const field = host.matches('textarea, input') ? host : host.querySelector('textarea, input');
    return field ? field.value : null;
}

// Syntax colours behind the editor: the text field stays the real input (typing, paste, undo, the
// debounce and read() above are untouched); a highlighted copy of its text is drawn underneath it,
// kept in line on input, scroll and resize. Prism encodes the text, so no markup from a file runs.
const prismFiles = ['lib/prism/prism-core.min.js', 'lib/prism/prism-yaml.min.js', 'lib/prism/prism-properties.min.js'];
const overlays = new WeakMap();
let prismLoading = null;

function addScript(src) {
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error('Could not load ' + src));
        document.head.appendChild(script);
    });
}

function loadPrism() {
    prismLoading ??= (async () => {
        // Manual mode: Prism must not rewrite other code blocks on the page by itself.
        window.Prism = window.Prism || { manual: true };
        for (const src of prismFiles) {
            await addScript(src);
        }
        return window.Prism;
    })();
    return prismLoading;
}

const copiedStyles = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'letterSpacing', 'tabSize',
    'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft'];

function attach(field, prism) {
    const pre = document.createElement('pre');
    pre.className = 'code-overlay';
    pre.setAttribute('aria-hidden', 'true');
    const code = document.createElement('code');
    pre.appendChild(code);
    field.parentElement.classList.add('code-host');
    field.parentElement.insertBefore(pre, field);
    field.classList.add('code-input');

    const sync = () => {
        const style = getComputedStyle(field);
        for (const name of copiedStyles) {
            pre.style[name] = style[name];
        }
        pre.style.top = field.offsetTop + 'px';
        pre.style.left = field.offsetLeft + 'px';
        pre.style.width = field.clientWidth + 'px';
        pre.style.height = field.clientHeight + 'px';
        pre.scrollTop = field.scrollTop;
        pre.scrollLeft = field.scrollLeft;
    };
    const resize = new ResizeObserver(sync);
    const onInput = () => state.render();
    const state = {
        language: null,
        detach() {
            resize.disconnect();
            field.removeEventListener('input', onInput);
            field.removeEventListener('scroll', sync);
            field.classList.remove('code-input');
            pre.remove();
            overlays.delete(field);
        },
        render() {
            const grammar = prism.languages[state.language];
            // The trailing newline keeps the copy as tall as the field when the text ends in one.
            code.innerHTML = grammar ? prism.highlight(field.value + '\n', grammar, state.language) : '';
            sync();
        },
    };
    field.addEventListener('input', onInput);
    field.addEventListener('scroll', sync);
    resize.observe(field);
    overlays.set(field, state);
    return state;
}

// Colours the editor's text as YAML or as a .env file ('properties'), or plain when language is
// null (e.g. a Dockerfile); called after each render.
export async function highlight(selector, language) {
    const host = document.querySelector(selector);
    const field = host && (host.matches('textarea') ? host : host.querySelector('textarea'));
    if (!field) {
        return false;
    }

    if (!language) {
        overlays.get(field)?.detach();
        return false;
    }

    const prism = await loadPrism();
    const state = overlays.get(field) ?? attach(field, prism);
    state.language = language;
    state.render();
    return true;
}
