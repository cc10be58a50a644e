// What an edit, a delete or a reaction makes of the message it names: the one rule the server (for its history)
// and the client (for its copy) apply. The webview, which may import only shared types, keeps the same rule in
// its state.ts (`changeMessage`).

import type { DeleteEvent, EditEvent, MessageEvent, ReactEvent } from './messages';

/** The room events that change an earlier message (`target`) instead of adding one. */
export type MessageChange = EditEvent | DeleteEvent | ReactEvent;

/**
 * Message `m` after change `e`, as a new object (the old one may be held elsewhere): edited (the text, and when),
 * deleted (who and when are left, never the text, the code or the reactions), or with the reactions the event
 * lists (none: no `reactions` field).
 */
export function changedMessage(m: MessageEvent, e: MessageChange): MessageEvent {
  switch (e.type) {
    case 'edit':
      return { ...m, text: e.text, edited: e.time };
    case 'delete':
      return { type: 'message', room: m.room, seq: m.seq, time: m.time, from: m.from, kind: m.kind, text: '', deleted: true };
    case 'react': {
      const now: MessageEvent = { ...m, reactions: e.reactions };
      if (e.reactions.length === 0) delete now.reactions;
      return now;
    }
  }
}
