// Brings the first marked field (or the form's alert) into view below the app bar and puts the caret there,
// so a refusal is read where it is, not half under the bar or off screen.
export function reveal(selector) {
    const element = document.querySelector(selector);
    if (!element) {
        return false;
    }

    element.scrollIntoView({ block: "center", behavior: "instant" });
    if (typeof element.focus === "function") {
        element.focus({ preventScroll: true });
    }

    return true;
}
