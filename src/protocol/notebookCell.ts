// Whether shared code is a notebook's cell: the card's label and Open's notice go by it.
import type { CodeRef } from './messages';

/**
 * Shared from outside the sharer's workspace with no lines (a cell numbers its lines from its own top: they are not
 * sent), of any kind of notebook (`.ipynb`, `.dib`...).
 */
export function isNotebookCell(c: Pick<CodeRef, 'path' | 'startLine' | 'outside'>): boolean {
  return c.outside === true && c.path !== undefined && (c.startLine === undefined || c.path.endsWith('.ipynb'));
}
