// A shared selection (`kind: 'code'`): file path, line range, language, highlighted code, "Copy" and "Open".
import type { CodeRef } from '../shared/panelMessages';
import { isNotebookCell } from '../protocol/notebookCell';
import { lineRange } from '../protocol/replyQuote';
import { isDiffLanguage } from '../protocol/diffHunks';
import { h, icon, setLabel, showHidden, shownPart, textEl } from './dom';
import { highlight, languageFor } from './highlight';
import { sanitize } from './markdown';
import type { IconName } from './iconNames';

/** Only the fields a CodeRef has, with the types it declares (the message came from the network). */
export function cleanCodeRef(code: CodeRef | undefined): CodeRef {
  const out: CodeRef = {};
  if (!code || typeof code !== 'object') return out;
  if (typeof code.path === 'string') out.path = code.path;
  if (typeof code.language === 'string') out.language = code.language;
  if (Number.isSafeInteger(code.startLine)) out.startLine = code.startLine;
  if (Number.isSafeInteger(code.endLine)) out.endLine = code.endLine;
  if (code.outside === true) out.outside = true;
  return out;
}

/** A "Copy" button for a block of code: `onCopy` gets the text, and the button says "Copied" for a moment. */
export function copyButton(text: () => string, onCopy: (text: string) => void, cls: string): HTMLElement {
  const b = h('button', { class: `icon-button ${cls}`, type: 'button', title: 'Copy the code', 'aria-label': 'Copy the code' }, icon('copy'));
  const say = (label: string, iconName: IconName) => {
    b.replaceChildren(icon(iconName));
    setLabel(b, label);
  };
  b.addEventListener('click', () => {
    onCopy(text());
    say('Copied', 'check');
    setTimeout(() => say('Copy the code', 'copy'), 1500);
  });
  return b;
}

/**
 * The card element; `onOpen` gets the cleaned CodeRef and the code text, `onCopy` the code text; `onApply`, given for
 * someone else's card, a diff card's (Share Changes) of a file of the workspace: an Apply button makes its changes
 * in your copy.
 */
export function renderCodeCard(text: string, code: CodeRef | undefined, onOpen: (code: CodeRef, text: string) => void, onCopy: (text: string) => void, onApply?: (code: CodeRef, text: string) => void): HTMLElement {
  const ref = cleanCodeRef(code);
  const range = lineRange(ref);
  const name = ref.path ?? 'snippet';
  // a file of no workspace (or a notebook's cell): Open shows the code in an editor of its own
  const outside = ref.outside && ref.path ? (isNotebookCell(ref) ? 'notebook cell' : 'outside the workspace') : undefined;
  const open = h('button', { class: 'code-card-open', type: 'button', title: outside || !ref.path ? 'Open the code in a new editor' : `Open ${name}${range ? ` at ${range}` : ''}` }, icon('go-to-file'), 'Open');
  open.addEventListener('click', () => onOpen(ref, text));
  const apply = onApply && isDiffLanguage(ref.language) && ref.path && !ref.outside
    ? h('button', { class: 'code-card-apply', type: 'button', title: `Apply these changes to your ${ref.path} (Undo takes them back)` }, 'Apply')
    : null;
  apply?.addEventListener('click', () => onApply?.(ref, text));
  const [shown, truncated] = shownPart(text, ' (Copy and Open take them all)');
  const body = h('code', { class: 'hljs' });
  body.append(sanitize(highlight(shown, ref.language)));
  const hidden = showHidden(body); // Copy and Open keep them: the editor marks them too
  const lang = ref.language ? (languageFor(ref.language) ?? ref.language) : undefined;
  return h(
    'figure',
    { class: 'code-card' },
    h(
      'figcaption',
      { class: 'code-card-header' },
      // one item: a long path takes a line of its own with its icon, and a short one leaves no gap; where even
      // that line is too short, the folders give way and the file's name stays (the title has it all)
      h('span', { class: 'code-card-file', title: `${name}${range ? ` ${range}` : ''}` }, icon('file-code'), pathEl(name)),
      range ? h('span', { class: 'code-card-range' }, range) : null,
      outside ? h('span', { class: 'code-card-range code-card-outside' }, outside) : null,
      hidden ? h('span', { class: 'code-card-range code-card-hidden', title: 'The code holds characters that change how it reads (bidirectional controls) or show as nothing: they are marked U+XXXX' }, 'hidden characters') : null,
      ref.language ? textEl(ref.language, 'code-card-lang') : null,
      h('span', { class: 'code-card-actions' }, copyButton(() => text, onCopy, 'code-card-copy'), apply, open), // together, at the end
    ),
    h('pre', { class: 'code-card-body', tabindex: '0', role: 'group', 'aria-label': `Code from ${name}${lang ? `, ${lang}` : ''}` }, body),
    truncated,
  );
}

/**
 * A path as its folders (cut off first when there is no room) and its file name, whose extension stays when
 * even the name must give way (`VeryLongName….tsx`: which kind of file it is reads at a glance).
 */
function pathEl(path: string): HTMLElement {
  const cut = path.lastIndexOf('/') + 1;
  const el = h('span', { class: 'code-card-path' });
  if (cut > 0) el.append(textEl(path.slice(0, cut), 'code-card-dir'));
  const base = path.slice(cut);
  const dot = base.lastIndexOf('.');
  // (an extension is a short word: `notes v1.2 final` has none)
  const ext = dot > 0 && /^\.[\w+-]{1,11}$/.test(base.slice(dot)) ? dot : base.length;
  const name = h('span', { class: 'code-card-base' }, textEl(base.slice(0, ext), 'code-card-stem'));
  if (ext < base.length) name.append(textEl(base.slice(ext), 'code-card-ext'));
  el.append(name);
  return el;
}
