// Brings the first marked field (or the form's alert) into view below the app bar and puts the caret there,
// so a refusal is read where it is, not half under the bar or off screen. A field already in view stays put.
export function reveal(selector) {
    const element = document.querySelector(selector);
    if (!element) {
        return false;
    }

    if (!inView(element)) {
        element.scrollIntoView({ block: "center", behavior: "instant" });
    }

    if (typeof element.focus === "function") {
        element.focus({ preventScroll: true });
    }

    return true;
}

// Whole control (the input with its message under it) inside the viewport and below the app bar.
function inView(element) {
    const box = (element.closest(".mud-input-control") ?? element).getBoundingClientRect();
    const bar = document.querySelector(".mud-appbar")?.getBoundingClientRect();
    const top = bar ? Math.max(0, bar.bottom) : 0;
    return box.top >= top && box.bottom <= window.innerHeight;
}
