// What the chat panel asks the extension to open, checked before anything opens. The panel draws what other
// members sent; a fault in it must not reach the editor as a path that is no string, a position that is no number,
// or a code reference the protocol would have refused. Pure (no vscode import): a request that fails is undefined,
// and the extension does nothing with it.

import type { CodeRef } from '../shared/panelMessages';
import { cardHasLine } from '../protocol/sharedLines';
import { validCodeRef } from '../protocol/validate';

/** An `openCode` request's fields: a code reference as the protocol checks one, and the code as text. */
export function openCodeRequest(msg: { code?: unknown; text?: unknown }): { code: CodeRef; text: string } | undefined {
  const code = validCodeRef(msg.code);
  if (!code || typeof msg.text !== 'string') return undefined;
  return { code, text: msg.text };
}

/**
 * An `openPath` request's fields: a path, a 1-based line, and a column (`a.ts:3:0` is a column the panel links) or
 * a last line (`a.ts:12-20`, after the line; never with a column).
 */
export function openPathRequest(msg: { path?: unknown; line?: unknown; column?: unknown; endLine?: unknown; card?: unknown }): { path: string; line?: number; column?: number; endLine?: number; card?: { code: CodeRef; text: string } } | undefined {
  const { path, line, column, endLine } = msg;
  if (typeof path !== 'string' || path === '') return undefined;
  if (line !== undefined && !(typeof line === 'number' && Number.isSafeInteger(line) && line >= 1)) return undefined;
  if (column !== undefined && !(typeof column === 'number' && Number.isSafeInteger(column) && column >= 0)) return undefined;
  if (endLine !== undefined && !(typeof endLine === 'number' && Number.isSafeInteger(endLine) && line !== undefined && endLine > line && column === undefined)) return undefined;
  // (the card the line is in, checked as an openCode's; one that is not of this path and line is none)
  const card = typeof msg.card === 'object' && msg.card !== null ? openCodeRequest(msg.card) : undefined;
  const fits = card !== undefined && line !== undefined && cardHasLine(card.code, path, line);
  return { path, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}), ...(endLine !== undefined ? { endLine } : {}), ...(fits ? { card } : {}) };
}
