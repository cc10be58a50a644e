// What a context menu in the chat panel hands its command: the panel's `data-vscode-context` of the element
// right-clicked (a room's tab, a member, a message), which VS Code passes on as the command's argument. Read as
// untrusted: a command may also be run with anything (another extension, a keybinding's args). Pure: no vscode import.

import { NICK_FIELD_UNITS } from '../protocol/limits';
import { MAX_ROOM } from '../protocol/names';

function field(arg: unknown, name: string, max: number): string | undefined {
  const v = arg !== null && typeof arg === 'object' ? (arg as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v !== '' && [...v].length <= max ? v : undefined;
}

/** The room a room tab's menu was opened on (Leave Room), or none. */
export function menuRoom(arg: unknown): string | undefined {
  return field(arg, 'room', MAX_ROOM);
}

/** The member a member's menu was opened on, and the room whose pane listed them (Kick..., Make Operator...), or none. */
export function menuMember(arg: unknown): { room: string; nick: string } | undefined {
  const room = field(arg, 'room', MAX_ROOM);
  const nick = field(arg, 'nick', NICK_FIELD_UNITS);
  return room !== undefined && nick !== undefined ? { room, nick } : undefined;
}

/** The most of a row's key taken (the panel's keys: a room, its epoch and a number, or a direct message's). */
const ROW_KEY_MAX = 200;

/** The message (its row's key in the panel) a message's menu was opened on (Reply, Edit, Delete...), or none. */
export function menuRowKey(arg: unknown): string | undefined {
  return field(arg, 'key', ROW_KEY_MAX);
}
