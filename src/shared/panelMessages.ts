// The only contract between the extension (src/vscode) and the chat panel (src/webview): types only.
// Both sides import this file; neither imports the other.

import type { CommandInfo } from '../protocol/commands';
import type { CodeRef, ConnectionStatus, DmEvent, Member, Role, RoomEvent, RoomsMsg, ServerMessage } from '../protocol/messages';

export type { ConnectionStatus };

/** What a message's context menu does (a row's actions but Mention and React). */
export type MenuRowAction = 'reply' | 'edit' | 'copy' | 'open' | 'delete';

export interface PanelRoom {
  name: string;
  topic: string;
  members: Member[];
  /** Which room of that name this is: its host closing it and hosting it again starts another epoch. */
  epoch: string;
  /** Events in seq order (messages, joins, leaves, nick, topic, kick, role). */
  events: RoomEvent[];
  /** Events of this epoch the window had before `events` and let go (it keeps a room's newest). */
  dropped?: number;
  /** The events of the room's earlier epochs, oldest first: to read (their numbers are not this epoch's). */
  earlier?: { epoch: string; events: RoomEvent[] }[];
  /**
   * The seq the room's state (its members, its topic) was sent at, when events up to it are still to come (a
   * snapshot taken during the replay): they are in `members` already.
   */
  stateAt?: number;
}

/** A direct message in a snapshot, and who its conversation is with now: the other side, under the nickname they have now. */
export type PanelDm = DmEvent & { with: string };

/**
 * The attempt to connect a client waits to make: what it waits after (the status's words before "; reconnecting in",
 * src/protocol/retryWords.ts), and the milliseconds left when this was sent.
 */
export interface RetryWait {
  why: string;
  inMs: number;
}

/** Everything the panel needs to draw itself from nothing (first open, or after a window reload). */
export interface PanelSnapshot {
  nick: string;
  /** Every nickname this window had in the session, the latest last: direct messages written under an earlier one are yours. */
  nicks?: string[];
  /** When each of `nicks` became yours, where known: between two of them, a direct message is the one you had then. */
  nickSince?: [string, number][];
  role: Role;
  status: ConnectionStatus;
  /** Human text for the status, e.g. "the host closed the room" or "reconnecting in 2 s...". */
  statusText: string;
  /** `host:port` of the room, or the invite string to share. */
  address: string;
  hosting: boolean;
  rooms: PanelRoom[];
  /** The room the composer sends to. */
  activeRoom: string;
  dms: PanelDm[];
  commands: CommandInfo[];
  /** The longest message text the server takes (characters, as JavaScript counts them). */
  maxText: number;
  /** The longest topic the server takes (characters, as the server counts them: maxTopicOf its welcome's). */
  maxTopic: number;
  /** The client stopped waiting for a room its host closed: the panel offers to try again. */
  canRetry?: boolean;
  /** The client waits to try again: the banner counts it down. */
  retry?: RetryWait;
  /** Closed by its host, and trying to get back in (the host may be reloading its window). */
  waiting?: boolean;
  /**
   * Not connected: when the rooms' members were last live (ms since the epoch: the connection dropped), where
   * known. The panel shows them as the last known until the server's lists come again.
   */
  membersAsOf?: number;
  /** The emoji a message can be reacted with (REACTIONS). */
  reactions: string[];
}

/** Extension -> panel. */
export type ToPanel =
  /**
   * `show`: the conversation to show (`#room`, `@nick`), when a notification's Reply opened the panel on it: shown from
   * the start, not after the one the panel would have shown first, which was taken for read on the way (the
   * messages that came there while the panel was closed lost their unread count and their "New" line).
   */
  | { type: 'snapshot'; snapshot: PanelSnapshot; show?: string }
  /** A server message that arrived after the snapshot. */
  /**
   * A server message. `history`: a room's message or reaction from the history its first entry replays (after a
   * /join), not news: not read aloud, not unread (panelNews.ts).
   */
  | { type: 'server'; msg: ServerMessage; history?: true }
  /** `retry`: the client waits to try again (the banner counts it down). */
  | { type: 'status'; status: ConnectionStatus; text: string; canRetry?: boolean; waiting?: boolean; retry?: RetryWait }
  /** A line only this user sees: command output (/help), a local error, a notice. */
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  /** Switch the panel to a room (after /join, or a notification's "Reply"). */
  | { type: 'activateRoom'; room: string }
  /** Open the direct conversation with `nick` (a direct message's notification: "Reply" answers there, not in a room). */
  | { type: 'activateDm'; nick: string }
  | { type: 'focusComposer' }
  /** A message's context menu (VS Code's, on the row whose `key` the panel gave it): do what its button or key does. */
  | { type: 'rowAction'; key: string; action: MenuRowAction }
  /** Someone mentioned you (or wrote to you) and the tcpChat.sound setting is on: play the mention sound. */
  | { type: 'chime' }
  /** The server refused an edit (the reason came as an error notice): the text goes back into the composer. */
  | { type: 'editRefused'; room: string; seq: number; text: string }
  /**
   * The server refused a message to `room` or a direct message to `to` (the reason came as an error notice): its
   * text goes back into the composer of that conversation.
   */
  | { type: 'sendRefused'; room?: string; to?: string; text: string }
  /** The server's rooms, asked for quietly (`listRooms`): /join's suggestions. */
  | { type: 'roomList'; rooms: RoomsMsg['rooms'] };

/** Panel -> extension. */
export type FromPanel =
  /** The panel has loaded and wants a snapshot. */
  | { type: 'ready' }
  /**
   * The panel's own state as it keeps it (`vscode.setState`: drafts, what was seen, closed conversations), which
   * VS Code drops with a closed panel: the extension keeps the latest for the next panel (`data-state`).
   */
  | { type: 'uiState'; state: object }
  /**
   * What the user typed in the composer for `room`: text, or a slash command the extension parses. `to`: typed
   * in the direct conversation with them: text and `/me` go to them (as typed), other commands as in `room`.
   */
  | { type: 'submit'; room: string; text: string; to?: string }
  | { type: 'typing'; room: string }
  | { type: 'activeRoom'; room: string }
  /** Open a shared selection: the file at those lines if it is in the workspace, else an untitled editor with `text`. */
  | { type: 'openCode'; code: CodeRef; text: string }
  /** Make a diff card's changes (Share Changes) in this workspace's copy of its file, as an edit Undo takes back. */
  | { type: 'applyChanges'; code: CodeRef; text: string }
  /**
   * Open `path:line[:col]` written in plain text (relative to the workspace). `card`: the code its author shared of
   * that file, with that line, just before it (a problem under Share Selection's card): the line moves as the code
   * has moved here.
   */
  | { type: 'openPath'; path: string; line?: number; column?: number; endLine?: number; card?: { code: CodeRef; text: string } }
  /** Open an http(s) link in the browser. */
  | { type: 'openLink'; href: string }
  /** Put a shared selection's or a code block's text on the clipboard. */
  | { type: 'copyText'; text: string }
  /** Escape in the composer: give focus back to the editor. */
  | { type: 'focusEditor' }
  | { type: 'copyInvite' }
  /**
   * The number of unread messages across rooms (the panel is the one that knows what was seen), after `through`
   * messages from the extension: sent when either changed (a message on its way when the panel closed counts
   * as unread in the extension).
   */
  | { type: 'unread'; count: number; through: number }
  /**
   * Change the text of your message `seq` in `room`. `epoch`: the room's when the message was shown (edit, delete
   * and react go only to that room: one its host started anew numbers other messages the same).
   */
  | { type: 'edit'; room: string; epoch: string; seq: number; text: string }
  /** Delete message `seq` in `room` for everyone (the extension asks first). */
  | { type: 'delete'; room: string; epoch: string; seq: number }
  /** Try again to reach a room the client stopped waiting for (`canRetry`). */
  | { type: 'tryAgain' }
  /** Put your `emoji` under message `seq` in `room`, or take it away. */
  | { type: 'react'; room: string; epoch: string; seq: number; emoji: string }
  /** Save conversation `conversation` (`#room`, `@nick`) as Markdown (TCP Chat: Save Conversation as Markdown). */
  | { type: 'saveConversation'; conversation: string }
  /** A /join's room is being typed: the server's rooms, for its suggestions (answered by `roomList`, not said). */
  | { type: 'listRooms' }
  /** The header's +: TCP Chat: Join a Room (a picker of the server's rooms). */
  | { type: 'joinRoom' };

// Re-exported (types only) so the webview can name protocol types without importing src/protocol itself.
export type { CommandInfo } from '../protocol/commands';
export type { CodeRef, DmEvent, Member, MessageKind, MessageReaction, Role, RoomEvent, RoomsMsg, ServerMessage } from '../protocol/messages';
