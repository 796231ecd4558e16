// Copies the freshly issued token; false when the browser refuses (the field stays selectable).
export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
