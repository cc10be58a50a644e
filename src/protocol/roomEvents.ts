// Which server messages are room events (numbered by the room's seq, kept in its history), for code that
// treats them alike. The webview, which imports types only, keeps the same check in its state.ts.

import type { RoomEvent, ServerMessage } from './messages';

/** Every room event type: a type added to RoomEvent and not here (or the other way) does not compile. */
const ROOM_EVENT_TYPES = { message: true, join: true, leave: true, nick: true, topic: true, kick: true, role: true, edit: true, delete: true, react: true } as const satisfies Record<RoomEvent['type'], true>;

export function isRoomEvent(msg: ServerMessage): msg is RoomEvent {
  return Object.hasOwn(ROOM_EVENT_TYPES, msg.type);
}
