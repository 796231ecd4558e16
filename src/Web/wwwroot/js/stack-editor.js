// The stack editor's text as it is in the browser now, ahead of the text field's typing debounce.
export function read(selector) {
    const host = document.querySelector(selector);
    if (!host) {
        return null;
    }

    const field = host.matches('textarea, input') ? host : host.querySelector('textarea, input');
    return field ? field.value : null;
}
