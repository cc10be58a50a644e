// Changing what a text box holds as typing would, so that Ctrl+Z takes it back: setting its value (or
// setRangeText) wiped the box's undo history, and a completion, a mention or a quoted reply could not be undone,
// nor anything typed before it.

/**
 * Makes `input` hold `next` through the browser's own editing (`insertText` over the part that differs), which
 * keeps the undo history and fires `input` as typing does, then puts the caret at `caret` (default: after what was
 * put in). Where the browser will not (no editing command), the value is set, and `input` fired, as before.
 */
export function typeInto(input: HTMLTextAreaElement | HTMLInputElement, next: string, caret?: number): void {
  const now = input.value;
  let start = 0;
  while (start < now.length && start < next.length && now[start] === next[start]) start++;
  let end = 0;
  while (end < now.length - start && end < next.length - start && now[now.length - 1 - end] === next[next.length - 1 - end]) end++;
  const put = next.slice(start, next.length - end);
  input.focus();
  if (put !== '' || start !== now.length - end) {
    input.setSelectionRange(start, now.length - end);
    // (execCommand: the one way to edit a text box that keeps its undo history)
    const done = document.execCommand(put === '' ? 'delete' : 'insertText', false, put);
    if (!done || input.value !== next) {
      input.value = next;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  const at = caret ?? start + put.length;
  input.setSelectionRange(at, at);
}
