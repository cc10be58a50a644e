// Chatting from a terminal: lines typed are sent (or run as /commands), messages are printed, the connection
// state is reported. Used by `tcp-chat join` and by `tcp-chat host` for the host's own seat.

import { createInterface, moveCursor, type Interface } from 'node:readline';
import { putOutWords, QUEUE_FULL, type ChatClient, type CommandOutcome } from '../node/chatClient';
import { entryRows, helpLines, isSlashCommand, NO_ROOM, parseSlash, unknownHelpTopic } from '../protocol/commands';
import { normalizeRoom } from '../protocol/names';
import { cleanLine, cleanShown, joinLines } from '../protocol/text';
import { DayHeadings, deletedByNamesNow, quietLine, renderForTerminal, ReplayedChanges, sentAt } from './terminal';
import { cellsOfLine, rowsOnResize, wrapText } from './terminalWrap';
import { STYLE_SEQUENCES } from './inlineStyles';
import { roomIntro } from './roomIntro';
import { OnceAcrossRooms } from '../protocol/onceAcrossRooms';
import { commandChoices, emojiChoices, listedCompletions, tabCompletion } from './tabCompletion';
import { readShare, SHARE_COMMAND, shareCompletions } from './shareFile';
import { CHANGES_COMMAND, readChanges } from './shareChanges';
import { cardToOpen, editorCommand, editorDidNotStart, noCodeYet, OPEN_COMMAND, openListRows, RECENT_CODE_MAX, sharedFileHere, writeCodeCopy, type SharedCard } from './openInEditor';
import { spawn } from 'node:child_process';
import { clockOf } from '../protocol/localTime';
import { mentions } from '../protocol/mentions';
import type { CodeRef, CommandMsg, ConnectionStatus, ServerMessage } from '../protocol/messages';
import { codeLabel, nowInRoom } from '../protocol/plainFormat';
import { ROOM_LIST_FRESH_MS, wantsRoomList } from '../protocol/completion';
import { NotifyThrottle } from '../protocol/notifyThrottle';
import { authoredMessage } from '../protocol/authorsNow';
import { parseReact, REACT_COMMAND } from './reactCommand';
import { answeredDm, answeredMessage } from './answeredMessage';
import { QUERY_COMMAND } from './queryCommand';
import { parseReply, REPLY_COMMAND, replyText } from './replyCommand';
import { APPLY_COMMAND, applyHere, undoApply, type AppliedChange } from './applyHere';
import { isDiffLanguage } from '../protocol/diffHunks';
import { notInYourRooms, parseQuery } from '../protocol/queryArgs';
import { ReactionNotices, reactionText, type ReactionLine } from './reactionNotices';
import { PendingMessages, pendingRows, readText, SHOWN, waitingText } from './pendingMessages';

/** Lines sent and not acknowledged yet past which the input is read no further until the room catches up. */
const READ_AHEAD = 200;
/** How long Tab after /join waits for the server's room list before it completes from what it has. */
const LIST_WAIT_MS = 3000;

/**
 * A status line's or a notice's text, which may quote the server: one line (a line break in a shutdown reason
 * put a line of the server's own under it, `alice: ...` as a member's would read).
 */
const oneLine = (text: string): string => joinLines(cleanShown(text));

export interface TerminalChat {
  /**
   * Prints a line above the prompt, broken by the terminal's width (see terminalWrap.ts); `asTyped`: unbroken, as
   * the terminal wraps it (a line to copy and send again).
   */
  print(text: string, asTyped?: boolean): void;
  /** Starts reading lines from stdin (once connected). */
  startInput(): void;
  close(): void;
  /** Messages typed or piped that were refused before they went (too long, not UTF-8): the exit code says so. */
  refused(): number;
  /**
   * Settles once no editor has the terminal (/open): the process waits for it before it exits (the room closed, or
   * put this member out, while the user was editing: the editor would have stayed, on a shell's prompt).
   */
  editorDone(): Promise<void>;
  /**
   * Whether an editor has the terminal (/open). Ctrl+C typed in one that leaves the terminal cooked (ed, a line
   * editor) signals every process of the terminal's foreground group, this one too: that Ctrl+C is the editor's.
   */
  editing(): boolean;
  /** The room the prompt names (where a line typed goes). */
  room(): string;
  /**
   * What was still on its way is listed to send again (sendBeforeLeaving): the messages waiting in the pending area
   * leave the screen, for good (listed, they would show twice). Returns the lines read and never handled when the
   * chat closed (a paste past what may wait for the room, READ_AHEAD): they did not go either, and are listed too.
   */
  pendingListed(): readonly string[];
  /**
   * Whether the input ended (Ctrl+C, Ctrl+D) in the middle of a paste whose lines still go out, and the terminal said
   * "Ctrl+C again: stop": the next signal stops waiting at once.
   */
  draining(): boolean;
}

/**
 * How the terminal chat behaves beyond its defaults: `bell` false (--no-bell) rings nothing on a mention; `room`: the
 * room the prompt names once the room gives it (the one a seat taken back had), else the first.
 */
export interface TerminalChatOptions {
  bell?: boolean;
  room?: string;
}

/** `onInputEnd`: what the end of the input does (Ctrl+D, the end of a pipe); quitting unless said otherwise. */
export function runTerminalChat(client: ChatClient, onQuit: () => void, onInputEnd: () => void = onQuit, options: TerminalChatOptions = {}): TerminalChat {
  // (a dumb terminal, Emacs' shell, draws no cursor moves: plain lines, as to a file)
  const tty = Boolean(process.stdout.isTTY) && process.env.TERM !== 'dumb';
  // NO_COLOR set (and not empty: no-color.org) asks for none
  const colours = tty && !process.env.NO_COLOR;
  /** Where typed text goes: the room joined last, another one after a /part, '' after parting the last one. */
  let room = options.room ?? [...client.rooms.keys()][0] ?? '';
  let rl: Interface | undefined;
  const days = new DayHeadings();
  /** When each conversation last rang the bell (callFrom). */
  const bells = new NotifyThrottle();
  const replayed = new ReplayedChanges();
  /** The lines about reactions to your messages, one a message in a few seconds at most (see reactionNotices.ts). */
  const reactions = new ReactionNotices((line) => sayReactions(line));
  /**
   * The /react requests waiting for their answer (room, message, emoji), and, once the room's react event of this
   * client's came, whether it put the emoji on: the answer says so. (Read from the room's message when the answer
   * came, a /part right after the /react had taken the room away, and the reaction read as taken off.)
   */
  const ownReactions = new Map<string, boolean | undefined>();
  const reactionKey = (room: string, target: number, emoji: string) => `${room}\n${target}\n${emoji}`;
  let lastError: string | undefined;
  let lastGist = '';
  let refused = 0;
  /** The input is paused until the room catches up (READ_AHEAD). */
  let held = false;
  /** While an editor has the terminal (/open): the lines to print once it exits. */
  let editing: { line: string; asTyped: boolean }[] | undefined;
  /** Per room, its latest code cards, the last one last (what /open opens; not one deleted since). */
  const recentCode = new Map<string, SharedCard[]>();
  /** The last change /apply made here, for `/apply undo` (none once taken back). */
  let lastApplied: AppliedChange | undefined;
  let editorDone = Promise.resolve();
  /** The people of `room` as far as this terminal knows: its members, and everyone its events show writing or joining. */
  const peopleOf = (room: string): string[] => {
    const r = client.rooms.get(room);
    const names = new Set(r?.members.map((m) => m.nick));
    for (const e of r?.events ?? []) if (e.type === 'message' || e.type === 'join') names.add(e.type === 'message' ? e.from : e.nick);
    return [...names];
  };
  // (a room's name is the server's word: cleaned as its text is)
  /** The person a `/query` talks to: what is typed goes to them alone (queryCommand.ts). */
  let query: string | undefined;
  const prompt = () => (tty ? (query !== undefined ? `@${cleanLine(query)} > ` : room ? `#${cleanLine(room)} > ` : '(no room: /join #room) > ') : '');
  /** The messages sent and not said back by the room yet, shown in the pending area (see pendingMessages.ts). */
  const pending = new PendingMessages();
  /**
   * Whether the pending area is drawn, between the lines printed and the prompt: on a terminal at both ends whose
   * rows typed readline counts (typedRows: where it does not, the line typed stays, and the area is not drawn).
   */
  let area = false;
  /** The rows the pending area takes on the screen, right above the prompt (none when it is not drawn). */
  let areaRows = 0;
  /** The pending area as drawn last, its rows joined by line breaks ('' for none): what a resize rewraps. */
  let areaShown = '';
  /** The pending area is off the screen (erased, or cleared with the rest): nothing of it to count or rewrap. */
  const areaGone = () => {
    areaRows = 0;
    areaShown = '';
  };
  /** The rows the area was given last (what the terminal had above the prompt), and whether that cut it short. */
  let areaRoom = Infinity;
  let areaCut = false;
  /** Whether the connection was up when the area was drawn last (its marker says so). */
  let areaConnected = false;
  /** Counts the drawings: what may change the area draws it again when nothing else did. */
  let draws = 0;
  /**
   * Lines read and not handled yet (readline gives every line of what it read, 64 KB: 30,000 short lines, held or
   * not), and, for one that left the screen as it was read (it waits in the pending area), the prompt and it as
   * typed.
   */
  const backlog: { line: string; typed?: string }[] = [];
  /**
   * The prompt and the line typed that left the screen at Enter: a message waits in the pending area, anything
   * else is printed back, above what it prints (a command's line stays above its answer).
   */
  let typedLine: string | undefined;
  /**
   * The pending area's rows: the last messages waiting, those sent and then those read, and a count of the rest; at
   * most `maxRows` of them (pendingRows).
   */
  const areaText = (columns: number, maxRows = Infinity): string => {
    const total = pending.size + backlog.length;
    if (!area || total === 0) return '';
    const read = backlog.slice(-SHOWN).map((b) => readText(b.line, client.nick, room, query));
    const sent = pending.last(SHOWN - read.length).map((p) => waitingText(p.msg, p.nick, room));
    return pendingRows([...sent, ...read], total - sent.length - read.length, client.connected, columns, colours, maxRows);
  };
  /**
   * The rows the terminal has for the pending area: its rows but those of the prompt and what is typed, every row
   * of it (Infinity where it says none). Rows of the area that scrolled off the top could not be taken off the
   * screen again: they stayed above the chat's next lines, or the chat's last ones went in their place.
   */
  const roomForArea = (): number => {
    const below = rl !== undefined && !inputClosed ? typedRows(rl, rl.line) : 1;
    return process.stdout.rows > 0 ? process.stdout.rows - Math.max(below, 1) : Infinity;
  };
  /** Whether readline's drawing of the prompt is draw()'s own (see fitAreaToPrompt). */
  let drawing = false;
  /**
   * The input closed (Ctrl+C, Ctrl+D) in the middle of a paste whose lines still go out, and the terminal said so,
   * with "Ctrl+C again: stop" (see the 'close' handler, and draining): its prompt is off the screen, and no line
   * drawn or handled draws it again.
   */
  let inputClosed = false;
  /**
   * The rows of the prompt and what is typed that the screen shows above the cursor, as readline drew them last
   * (shownRow), none once they left it (the input closed in the middle of a paste): what draw() goes up by, with the
   * pending area's, and what /open and leaving take off the screen. (Counted anew by getCursorPos(), at the width the
   * terminal has now, a resize made them more or fewer than the rows drawn: a row of the chat went, or one stayed.)
   */
  const promptRows = (r: Interface | undefined): number => (r !== undefined && !inputClosed ? shownRow(r) : 0);
  /**
   * Takes the prompt and what is typed off the screen (promptRows), and the `above` rows over it (the pending area's),
   * the cursor to the first: none of readline's drawing is on the screen now (its next goes up by none).
   */
  const erasePrompt = (r: Interface | undefined, above = 0) => {
    eraseRowsAbove(promptRows(r) + above);
    if (r) (r as Interface & { prevRows?: number }).prevRows = 0;
  };
  /** Draws the prompt again under what a line typed printed, while there is one to draw. */
  const promptAgain = (r: Interface) => {
    if (tty && !inputClosed) r.prompt();
  };
  /**
   * Draws `line` (if any) where the pending area starts, then the area and the prompt with what is typed below it.
   * What is typed may wrap over several rows: cleared from the first of them (only the last, and readline's
   * redraw, which moves up as many rows as the input had, wiped out the line just printed).
   */
  const draw = (line?: string, asTyped = false) => {
    if (editing) return;
    draws++;
    // (no prompt once the input closed in the middle of a paste: see inputClosed)
    const prompted = rl !== undefined && !inputClosed;
    // (the row of the prompt the cursor is on as readline drew it last: what is on the screen, while readline draws
    // it anew too, and after a resize)
    const rows = promptRows(rl) + areaRows;
    if (rows > 0) moveCursor(process.stdout, 0, -rows);
    // (broken by the terminal's width here, the rows after a line's first indented: see terminalWrap.ts)
    const columns = process.stdout.columns;
    // (above the prompt and what is typed, within the terminal's rows)
    areaRoom = roomForArea();
    const whole = areaText(columns);
    const shown = rowsIn(whole) <= areaRoom ? whole : areaText(columns, areaRoom);
    areaCut = shown !== whole;
    areaShown = shown;
    areaRows = rowsIn(shown);
    areaConnected = client.connected;
    const text = line === undefined ? '' : `${columns > 0 && !asTyped ? wrapText(line, columns) : line}\n`;
    process.stdout.write(`\r\x1b[0J${text}${shown === '' ? '' : `${shown}\n`}`);
    if (rl && prompted) {
      // readline redraws from `prevRows` rows above the cursor, where it last drew the prompt: it is here now
      (rl as unknown as { prevRows: number }).prevRows = 0;
      drawing = true;
      try {
        rl.prompt(true);
      } finally {
        drawing = false;
      }
      if (held) holdInput(rl); // (prompt() resumes the input: a hold keeps it paused)
    }
  };
  /**
   * Readline draws the prompt and what is typed anew (a row more or fewer of it, a line from history): when that
   * changes the rows the terminal has for the pending area (roomForArea), and the area no longer fits or was cut
   * and may show more, the area is drawn again with them, so that both stay within the terminal's rows. While an
   * editor has the terminal (/open) readline draws nothing: a resize had it draw the prompt into the editor's screen
   * (readline draws it anew at a resize, paused or not), where it stayed; draw() puts it back once the editor exits.
   */
  const fitAreaToPrompt = (r: Interface) => {
    const line = r as Interface & { _refreshLine?: () => void };
    // (readline's own drawing, which it looks up by that name: a readline without it is left as it is)
    const refresh = line._refreshLine;
    if (typeof refresh !== 'function') return;
    line._refreshLine = () => {
      if (editing) return;
      if (drawing || rl !== r || inputClosed) return refresh.call(r);
      const room = roomForArea();
      if (room < areaRows || (areaCut && room !== areaRoom)) draw();
      else refresh.call(r);
    };
  };
  if (tty) {
    // a resize: a terminal that rewraps what is on it (VS Code's, and most others) makes a row of the area that is
    // wider than it now into more (rowsOnResize); counted as drawn, the first of them stayed above the chat's next
    // line. The area is drawn again from its first row, at the new width, and the prompt under it, before readline
    // draws the prompt again itself. (The line typed is where readline drew it: VS Code's terminal leaves the line
    // the cursor is on to the program, as readline counts it, from prevRows)
    process.stdout.prependListener('resize', () => {
      if (editing || !area || (areaShown === '' && pending.size + backlog.length === 0)) return;
      areaRows = rowsOnResize(areaShown, process.stdout.columns);
      draw();
    });
  }
  const print = (line: string, asTyped = false) => {
    if (editing) return void editing.push({ line, asTyped });
    // (the line typed that prints this goes above it)
    if (typedLine !== undefined) printTyped();
    const text = colours ? line : noColours(line);
    if (!tty) {
      process.stdout.write(text + '\n');
      return;
    }
    // the line goes where the pending area (or the prompt) was, and they come back below it
    draw(text, asTyped);
  };
  /**
   * Whether `outcome` is a message sent that the room will say back: it waits in the pending area (drawn at the next
   * drawing) until it does.
   */
  const waitsForRoom = (outcome: CommandOutcome, typed?: string): boolean => {
    const queued = outcome.kind === 'sent' && outcome.id !== undefined ? client.queuedMessage(outcome.id) : undefined;
    if (queued) pending.add(queued.id, queued, client.nick, typed);
    return queued !== undefined;
  };
  /** Prints the line typed that left the screen at Enter back where it was, as typed (see typedLine). */
  const printTyped = () => {
    const line = typedLine;
    typedLine = undefined;
    if (line !== undefined) print(line, true);
  };

  /** A refusal of what was typed, as the server's errors look (red on a terminal). */
  const printError = (message: string, code: 'bad_command' | 'bad_utf8' = 'bad_command') =>
    print(renderForTerminal({ type: 'error', code, message }, client.nick, tty) ?? `error: ${message}`);

  /** The rooms of the server's latest list (/rooms, or asked for by Tab after /join), and when it came. */
  let listed: string[] = [];
  let listedAt = -Infinity;
  /** The rooms whose topic and people this terminal said since it joined them (once a join: not again at a resume). */
  const introduced = new Set<string>();
  /** The renames and the role changes printed as they happened: each room you share with them tells them again. */
  const renames = new OnceAcrossRooms();
  const roles = new OnceAcrossRooms();
  /** The nickname the server last gave this terminal (its welcome, a `you`): a `you` with the same is a role's. */
  let knownAs = '';
  client.on('server', (msg) => {
    // a message of yours the room says back leaves the pending area (its line prints below, in the room's order), as
    // does one it acknowledges or refuses (the refusal prints); a room's history a join replays says nothing back
    const yours = pending.size > 0 && (msg.type === 'dm' || (msg.type === 'message' && client.isNews(msg.room))) && (msg.from === client.nick || client.ownNicks.includes(msg.from));
    // a message the room refuses: the line typed that sent it comes back above the refusal, as a command's line stays
    // above its answer (it left the screen for the pending area at Enter: `/msg bbo hi` read `error: nobody called
    // "bbo" is here`, and the message was gone)
    const refused = msg.type === 'error' && msg.id !== undefined ? pending.typedLine(msg.id) : undefined;
    const settled = pending.settle(msg, yours, client.nick);
    const before = draws;
    if (refused !== undefined) print(refused, true);
    show(msg);
    if (settled && draws === before && tty) draw();
  });
  /** What the terminal does with a server message, and prints of it. */
  function show(msg: ServerMessage): void {
    if (msg.type === 'welcome') knownAs = msg.nick;
    if (msg.type === 'rooms') {
      listed = msg.rooms.map((r) => r.name);
      listedAt = performance.now();
    }
    if (msg.type === 'welcome' && !msg.rooms.some((r) => r.name === room)) {
      // (`--room dev`: the room whose history comes now is the prompt's, its lines without `[#dev]`. In none (the
      // server could make no room of it, or the session had left them all): none, and what is typed says so; it
      // went to #general, which answered "you are not in #general")
      room = msg.rooms[0]?.name ?? '';
      rl?.setPrompt(prompt());
    }
    if (msg.type === 'room') {
      room = msg.name;
      query = undefined; // (a /join: the room is where lines go)
      rl?.setPrompt(prompt());
      introduced.delete(msg.name); // (joined anew: said again once its history is in)
    }
    if (msg.type === 'nick' && query !== undefined && msg.from === query && client.isNews(msg.room)) {
      // (the person a /query talks to renamed: the conversation goes on under the new name, as the panel's tab does.
      // A rename as it happens: one in the history a room replays (started anew) was of whoever had the name then,
      // and what was typed to bob went to carol, who was bob an hour ago)
      query = msg.to;
      rl?.setPrompt(prompt());
    }
    // (a reaction still waiting to be said names its author as the room calls them now)
    if (msg.type === 'nick' && client.isNews(msg.room)) reactions.renamed(msg.room, msg.from, msg.to);
    if (msg.type === 'parted' && msg.room === room) {
      room = [...client.rooms.keys()][0] ?? '';
      rl?.setPrompt(prompt());
    }
    if (msg.type === 'error') lastError = msg.message;
    if (msg.type === 'message' && msg.kind === 'code' && msg.code && !msg.deleted) {
      // (a card seen again, in the history a /join after a /part replays, is the same card: once in the list)
      const cards = (recentCode.get(msg.room) ?? []).filter((c) => c.seq !== msg.seq);
      cards.push({ seq: msg.seq, from: msg.from, time: msg.time, code: msg.code, text: msg.text });
      recentCode.set(msg.room, cards.slice(-RECENT_CODE_MAX));
    }
    // (a card deleted, a shared secret, is no longer there to open)
    if (msg.type === 'delete') recentCode.set(msg.room, (recentCode.get(msg.room) ?? []).filter((c) => c.seq !== msg.target));
    // before the first welcome an error is the connection's: the command says what it means (joining as
    // another nickname, or why it cannot join)
    if (msg.type === 'error' && !client.joinedOnce) return;
    if (!replayed.shows(msg)) return;
    // a room joined, its history printed: its topic and who is in it, as IRC says them on a join
    const joined = msg.type === 'synced' && !introduced.has(msg.room) ? client.rooms.get(msg.room) : undefined;
    if (joined) {
      introduced.add(joined.name);
      for (const line of roomIntro(joined, client.nick)) print(renderForTerminal(line, client.nick, tty) ?? '');
    }
    // the connection's status line says it ("-- the host closed the room"), with what happens next
    if (msg.type === 'shutdown') return;
    if (msg.type === 'react') return noteReaction(msg);
    // a rename as it happens is said once, as the nickname's (one for the whole server), not once a room: yours by
    // "You are now ...", someone else's by the first room that tells it. One a room's history replays is that room's.
    let current = room;
    if (msg.type === 'nick' && client.isNews(msg.room)) {
      if (msg.from === client.nick || msg.to === client.nick) return;
      if (!renames.first(`${msg.from}\n${msg.to}`, msg.time)) return;
      current = msg.room;
    }
    // an op or a deop likewise (a role is the whole server's): `boss made vic an operator` once, without a room
    if (msg.type === 'role' && client.isNews(msg.room)) {
      if (!roles.first(`${msg.nick}\n${msg.role}\n${msg.by}`, msg.time)) return;
      current = msg.room;
    }
    // a role of yours: the rooms' line said it (`boss made vic an operator`), not `You are now vic (op).` under it
    // too, which read as a rename to the name you had; in no room, it is the only word of it
    if (msg.type === 'you') {
      const renamed = msg.nick !== knownAs;
      knownAs = msg.nick;
      if (!renamed && client.rooms.size > 0) return;
    }
    // (an edit or delete: when its message was sent, from what the client keeps of the room)
    const target = msg.type === 'edit' || msg.type === 'delete' ? client.rooms.get(msg.room)?.events.find((e) => e.seq === msg.target) : undefined;
    // (a delete says whose message it was by the name they go by now)
    const said = msg.type === 'delete' ? deletedByNamesNow(msg, authorNow(msg.room, msg.target, msg.from)) : msg;
    // (whom an `@name` in a message may mention, in their colour: the room's people, those its events show too; a
    // direct message's other side; read only for a text with an @)
    const people = () => (msg.type === 'dm' ? [client.partnerOf(msg)] : msg.type === 'message' ? peopleOf(msg.room) : []);
    const text = renderForTerminal(said, client.nick, tty, target?.time, current, undefined, people);
    if (text === null) return;
    if (tty && 'time' in msg && typeof msg.time === 'number') {
      const heading = days.before(msg.time);
      if (heading !== null) print(heading);
    }
    print(text);
    // a mention of you, or a direct message to you, as it comes (not the history a join replays): the terminal's
    // bell, as irssi rings it; a terminal shows it its way (tmux marks the window, others flash or mark the tab).
    // Not while an editor has the terminal (its lines wait too), not into a file
    // (a conversation rings once in 3 s at most, as VS Code notifies: 40 direct messages from one member rang 40 times)
    const calling = options.bell !== false && tty && !editing ? callFrom(msg) : undefined;
    if (calling !== undefined && bells.take(calling, Date.now())) process.stdout.write('\x07');
  }
  /**
   * A reaction someone else put under a message of yours (under the name you go by now) as it comes, not in the
   * history a join replays: said (reactions gathers a burst); one taken off before it was said is not.
   */
  function noteReaction(msg: Extract<ServerMessage, { type: 'react' }>): void {
    const own = reactionKey(msg.room, msg.target, msg.emoji);
    if (msg.from === client.nick && ownReactions.has(own)) ownReactions.set(own, msg.on);
    if (msg.from === client.nick) return;
    if (!msg.on) return reactions.off(msg.room, msg.target, msg.from, msg.emoji);
    if (!client.isNews(msg.room)) return;
    const target = authoredMessage(client.rooms.get(msg.room)?.events ?? [], msg.target);
    if (target?.authorNow === client.nick) {
      reactions.on({ room: msg.room, target: msg.target, targetTime: target.message.time, from: msg.from, emoji: msg.emoji, time: msg.time });
    }
  }
  /**
   * The name the author of message `seq` of `room` goes by now, as far as this terminal knows (the renames after it
   * in what it keeps of the room); `sentAs` where it knows no other (the message not kept, nobody under its name now).
   */
  function authorNow(room: string, seq: number, sentAs: string): string {
    return authoredMessage(client.rooms.get(room)?.events ?? [], seq)?.authorNow || sentAs;
  }
  /** A line about reactions to your message, as the room's quiet events print (with the day first when it changed). */
  function sayReactions(line: ReactionLine): void {
    if (tty) {
      const heading = days.before(line.time);
      if (heading !== null) print(heading);
    }
    print(quietLine(reactionText(line, room, tty ? sentAt(line.targetTime) : undefined), line.time, tty));
  }
  /** The conversation (`@nick`, `#room`) where `msg` calls you: a direct message to you, a mention as it comes. */
  function callFrom(msg: ServerMessage): string | undefined {
    if (msg.type === 'dm') return msg.to === client.nick && msg.from !== client.nick ? `@${msg.from}` : undefined;
    return msg.type === 'message' && msg.from !== client.nick && client.isNews(msg.room) && mentions(msg.text, client.nick) ? `#${msg.room}` : undefined;
  }
  client.on('status', (status, said) => {
    sayStatus(status, said);
    // (the pending area says whether its messages are on their way or wait for the connection: drawn again when that
    // changed, if no line said so)
    if (areaRows > 0 && areaConnected !== client.connected) draw();
  });
  /** A status said that the chat ended (closed, put out, given up on the host), not to come back by itself. */
  let chatEnded = false;
  /** The line a connection status prints, if any. */
  function sayStatus(status: ConnectionStatus, said: string): void {
    const text = oneLine(said); // it may hold the server's words (a kick's reason, a refusal): as any text from it
    if (status === 'connected') {
      lastGist = '';
      chatEnded = false;
      print(tty ? `\x1b[32m-- ${text}\x1b[0m` : `-- ${text}`);
      return;
    }
    // a first connection that fails: the command says why as it exits
    if (!client.joinedOnce && status === 'closed') return;
    if (status === 'closed') {
      // (the chat ended, and its line said why: leaving after it says nothing more. The host's seat, whose room
      // closed, printed `-- the host closed the room` and `-- you left the chat` under it, then the host's `room
      // closed`)
      if (chatEnded) return;
      chatEnded = !client.waitingForHost;
    }
    // "kicked by boss" came as the server's error a moment ago: once is enough
    if (status === 'closed' && text === lastError) return;
    // one line while waiting: each retry says the same but for its delay (and why the last try failed)
    const gist = statusGist(text);
    if (`${status} ${gist}` === lastGist) return;
    lastGist = `${status} ${gist}`;
    // the delay would be stale by the next try: the line says what goes on instead
    const waitingForHost = gist.endsWith('come back');
    const what = gist === text || waitingForHost ? gist : `${gist}; reconnecting...`;
    // (still trying: how to stop)
    const line = status === 'closed' && !waitingForHost ? what : `${what} (Ctrl+C leaves)`;
    print(tty ? `\x1b[33m-- ${line}\x1b[0m` : `-- ${line}`);
  }
  client.on('notice', (_level, text) => {
    // (a message the client gave up on, too long for the room's lines, says so here: it waits no more)
    pending.keep((id) => client.queuedMessage(id) !== undefined);
    print(`-- ${oneLine(text)}`); // may quote the server (a room's name, a type)
  });

  const startInput = () => {
    if (!client.rooms.has(room)) room = [...client.rooms.keys()][0] ?? '';
    // (a terminal's line editing only where both ends are one: typed on a terminal into a file, `> chat.log` or
    // `| tee`, it echoed into the file, escape codes and all, and the user typed blind; the terminal echoes it now)
    // (Tab: the current room's nicknames but your own, as the panel offers; the rooms you are in and those listed)
    const nicks = () => (client.rooms.get(room)?.members ?? []).map((m) => m.nick).filter((n) => n !== client.nick);
    /** The key before the one being handled was Tab (a second Tab lists what a first could not complete). */
    let tabAgain = false;
    const r = createInterface({
      input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY && tty),
      completer: (before: string, answer: (err: null, result: [string[], string]) => void) => {
        // (readline's own list at a second Tab: printed as a line of the chat is instead, above the pending area, and
        // readline lists nothing; written under the line typed, it went between the area and the prompt, and the
        // next drawing of the area, counted as right above the prompt, left the rest of it on the screen)
        const again = tabAgain;
        const done = (err: null, result: [string[], string]) => {
          const list = again ? listedCompletions(result, process.stdout.columns) : undefined;
          if (list === undefined) return answer(err, result);
          print(list.join('\n'));
          answer(err, [[], before]);
        };
        // a second Tab on a command: the commands it could be, with what they do (readline's list has their names
        // alone), printed as a line of the chat is, above the prompt; the line typed stays as it is
        const choices = again ? commandChoices(before) : undefined;
        if (choices) {
          // (laid out as /help lays its entries out: a long one goes on under its text; print drops the colours
          // where there are none)
          for (const c of choices) {
            const head = `  ${c.usage}  `;
            const [first = '', ...more] = entryRows(head, c.help, process.stdout.columns || undefined, head.length, cellsOfLine);
            print([`  \x1b[36m${c.usage}\x1b[0m  \x1b[90m${first.slice(head.length)}\x1b[0m`, ...more.map((r) => `\x1b[90m${r}\x1b[0m`)].join('\n'));
          }
          return done(null, [[], before]);
        }
        // ... on an emoji name: the emoji it could be, with their names (readline's list has the names alone)
        const emoji = again ? emojiChoices(before) : undefined;
        if (emoji) {
          for (const e of emoji.choices) print(`  ${e.emoji}  \x1b[36m${e.name}\x1b[0m`);
          if (emoji.more > 0) print(`  \x1b[90m${emoji.more} more: type more of the name\x1b[0m`);
          return done(null, [[], before]);
        }
        // ... after /open (and /apply, which counts them so): the room's code cards it opens, by number, the last one
        // first (numbers alone say nothing), each with who shared it, by the name they go by now
        // ... after /apply: also `undo` when there is an /apply to take back (`/apply u` completes it)
        const undoWord = /^\/apply\s+(u\w*)$/i.exec(before)?.[1];
        if (undoWord !== undefined && lastApplied && 'undo'.startsWith(undoWord.toLowerCase())) return done(null, [['undo'], undoWord]);
        const cardsOf = /^\/(open|apply)\s+\d*$/i.exec(before)?.[1]?.toLowerCase();
        if (cardsOf !== undefined) {
          const cards = recentCode.get(room) ?? [];
          if (cardsOf === 'apply' && lastApplied) print(`  \x1b[36mundo\x1b[0m  \x1b[90mtake back the last /apply, of ${cleanLine(lastApplied.path)}\x1b[0m`);
          else if (cards.length === 0) print(`  \x1b[90m${noCodeYet(cleanLine(room), cardsOf)}\x1b[0m`);
          // (in columns: each reference padded to the longest, who shared it beside it)
          const rows = openListRows([...cards].reverse().map((c) => ({ label: codeLabel(c.code) || 'code', by: `${cleanLine(authorNow(room, c.seq, c.from))} ${clockOf(c.time)}` })), process.stdout.columns || undefined, cellsOfLine);
          for (const row of rows) print(`  \x1b[36m${row.number}\x1b[0m  ${row.label}  \x1b[90m${row.by}\x1b[0m`);
          return done(null, [[], before]);
        }
        // ... after /share and /changes: the files here
        const files = shareCompletions(before, process.cwd());
        if (files) return done(null, files);
        const complete = () => done(null, tabCompletion(before, nicks(), { joined: [...client.rooms.keys()], listed }));
        // after /join: the server's rooms, asked for quietly unless a list came within ROOM_LIST_FRESH_MS
        if (!wantsRoomList(before) || performance.now() - listedAt < ROOM_LIST_FRESH_MS) return complete();
        void client.listRooms(LIST_WAIT_MS).then((rooms) => {
          if (rooms) {
            listed = rooms.map((r) => r.name);
            listedAt = performance.now();
          }
          complete();
        });
      },
    });
    rl = r;
    if (r.terminal) pasteAtCursor(r);
    if (r.terminal) fitAreaToPrompt(r);
    // (after readline's own keypress listener, which calls the completer: this one sees the key after it)
    process.stdin.on('keypress', (_s: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined) => {
      tabAgain = key?.name === 'tab';
      // Ctrl+L: readline cleared the screen and drew the prompt at its top; the pending area went with the rest, and
      // the messages waiting showed nowhere until the next line came. Drawn again, above the prompt
      if (key?.ctrl && !key.meta && key.name === 'l' && rl === r && r.terminal && !editing && !inputClosed && areaRows > 0) {
        areaGone();
        draw();
      }
    });
    // a terminal that went away (its window closed) fails readline's last setRawMode with EIO, which the terminal
    // emits as an error and readline passes on: unheard, it killed the process before the input's end could close
    // the room (or leave it). Any other error of the input (a read that fails) ends it too: ignored, it would leave
    // the process in the room with no input, for good. (Once closed, close does nothing.)
    r.on('error', () => setImmediate(() => r.close()));
    r.setPrompt(prompt());
    // (readline's count of the rows typed, which the area's drawing needs: see typedRows)
    area = r.terminal && typedRows(r, '') > 0;
    let ended = false;
    const drain = () => {
      // (until a /quit among them, or Ctrl+C, closed the chat: rl is no longer r)
      // (nor while an editor has the terminal: the lines read with /open wait for it to exit)
      while (backlog.length > 0 && !held && !editing && rl === r) {
        const read = backlog.shift();
        if (read) onLine(read.line, 0, read.typed);
      }
      if (held || editing || rl !== r) return;
      if (!ended) return void r.resume();
      rl = undefined;
      onInputEnd();
    };
    /** `/share <args>`: the file's lines as a code card to the current room, or a line that says why not. */
    /** A card of `text` to room `to`, or a line that says why not (`what`: the card's words when it is too long). */
    const sendCard = (to: string, text: string, code: CodeRef, what: string) => {
      if (client.putOut) return printError(putOutWords(client.putOut));
      const long = client.tooLong(text, what);
      if (long !== undefined) return printError(long);
      // (the card comes back from the room as everyone's does: that is the terminal's word that it went)
      if (client.send(to, text, 'code', code) === undefined) printError(QUEUE_FULL);
    };
    const share = (args: string) => {
      if (client.putOut) return printError(putOutWords(client.putOut));
      if (room === '') return printError(NO_ROOM);
      const found = readShare(args, process.cwd());
      if (!found.ok) return printError(found.message);
      sendCard(room, found.text, found.code, 'those lines');
    };
    /**
     * `/changes <args>`: the file's uncommitted changes as a diff card to the current room (the room it was typed in,
     * once git has answered), or a line that says why not, or that there are none.
     */
    const shareChanges = (args: string) => {
      if (client.putOut) return printError(putOutWords(client.putOut));
      if (room === '') return printError(NO_ROOM);
      const to = room;
      void readChanges(args, process.cwd(), (t) => client.tooLong(t) === undefined).then((found) => {
        if (!found.ok) return found.none ? print(`-- ${found.message}`) : printError(found.message);
        sendCard(to, found.text, found.code, 'its first change');
      });
    };
    /** `/react <emoji> [nick]`: the emoji put under (or taken off) the room's last message by someone else, or by nick. */
    const react = (args: string) => {
      if (client.putOut) return printError(putOutWords(client.putOut));
      if (room === '') return printError(NO_ROOM);
      const asked = parseReact(args);
      if ('error' in asked) return printError(asked.error);
      const at = room;
      const target = answeredMessage(client.rooms.get(at)?.events ?? [], client.nick, cleanLine(at), 'react to', asked.nick);
      if ('error' in target) return printError(target.error);
      const own = reactionKey(at, target.seq, asked.emoji);
      // (whose it is: the name its author goes by now, at the answer too; the room's as it was, if it is gone by then)
      const authorThen = authorNow(at, target.seq, target.from);
      const answer = client.ask({ type: 'react', room: at, target: target.seq, emoji: asked.emoji });
      if (!answer) return printError('not connected: try again when the connection is back');
      ownReactions.set(own, undefined);
      void answer.then((a) => {
        const came = ownReactions.get(own);
        ownReactions.delete(own);
        // (the server's refusal was printed as it came, as any error of the server's)
        if (!a.ok) return void (a.server ? undefined : printError(`${asked.emoji} not sent: ${a.message}`));
        // on or off: as the room's react event said (it comes before the ack), else the message as it left it
        const now = client.rooms.get(at)?.events.find((e) => e.seq === target.seq);
        const on = came ?? (now?.type === 'message' && (now.reactions ?? []).some((r) => r.emoji === asked.emoji && r.by.includes(client.nick)));
        const author = authorNow(at, target.seq, authorThen);
        const whose = `${at === room ? '' : `[#${cleanLine(at)}] `}${author === client.nick ? 'your message' : `${cleanLine(author)}'s message`}${tty ? ` ${sentAt(target.time)}` : ''}`;
        print(`-- ${on ? `you reacted ${asked.emoji} to ${whose}` : `you took your ${asked.emoji} off ${whose}`}`);
      });
    };
    /**
     * `/reply [@nick] <text>`: text to the room that quotes its last message by someone else (or by nick), as Reply;
     * in a /query, to that person, quoting their last direct message (or, by your own nick, yours).
     */
    const reply = (args: string) => {
      if (client.putOut) return printError(putOutWords(client.putOut));
      if (room === '' && query === undefined) return printError(NO_ROOM);
      const asked = parseReply(args);
      if ('error' in asked) return printError(asked.error);
      let text: string;
      if (query !== undefined) {
        const target = answeredDm(client.dms, client, client.nick, query, 'reply to', asked.nick);
        if ('error' in target) return printError(target.error);
        // (no mention: as the panel's Reply in a direct conversation, whose other side is the only reader)
        text = replyText(target, '', client.nick, asked.text);
      } else {
        const events = client.rooms.get(room)?.events ?? [];
        const target = answeredMessage(events, client.nick, cleanLine(room), 'reply to', asked.nick);
        if ('error' in target) return printError(target.error);
        // (its author mentioned by the name they go by now, if they are still here: as the panel's Reply)
        text = replyText(target, authoredMessage(events, target.seq)?.authorNow ?? '', client.nick, asked.text);
      }
      const outcome = client.submit(text, room, query);
      if (outcome.kind === 'error') printError(outcome.message);
      // (under the command's line, the message waits for the room)
      else if (area && waitsForRoom(outcome)) draw();
    };
    /** `/query [nick] [text]`: what is typed goes to nick alone (the prompt says so), or to the room again. */
    const talkTo = (args: string) => {
      const asked = parseQuery(args);
      if ('error' in asked) return printError(asked.error);
      if ('back' in asked) {
        if (query === undefined) return printError(`usage: ${QUERY_COMMAND.usage}`);
        query = undefined;
        r.setPrompt(prompt());
        return print(room ? `-- your messages go to #${cleanLine(room)} again` : `-- ${NO_ROOM}`);
      }
      query = asked.nick;
      r.setPrompt(prompt());
      print(`-- talking to ${cleanLine(asked.nick)} directly: what you type goes to them alone (/query alone goes back${room ? ` to #${cleanLine(room)}` : ''})`);
      // (a name mistyped, or someone gone: said before anything is typed for them)
      const stranger = client.connected ? notInYourRooms(asked.nick, [...client.rooms.values()].map((r) => r.members)) : undefined;
      if (stranger !== undefined) print(`-- ${cleanLine(stranger)}`);
      if (asked.text !== undefined) {
        const outcome = client.submit(asked.text, room, asked.nick);
        if (outcome.kind === 'error') printError(outcome.message);
        // (under the line that says whom you talk to, the message waits for the room)
        else if (area && waitsForRoom(outcome)) draw();
      }
    };
    /**
     * `/apply [n]`: the room's last diff card (or its nth last code card, as /open counts them) made in this copy of its
     * file (applyHere.ts).
     */
    const apply = (arg: string) => {
      if (/^\s*undo\s*$/i.test(arg)) return undoLastApply();
      if (room === '') return printError(NO_ROOM);
      const cards = recentCode.get(room) ?? [];
      const diffs = cards.filter((c) => isDiffLanguage(c.code.language));
      const which = arg.trim() === '' ? (diffs.length > 0 ? cards.indexOf(diffs.at(-1)!) : { error: `no shared diff in #${cleanLine(room)} to apply (Share Changes and /changes send one)` }) : cardToOpen(arg, cards.length, cleanLine(room), 'apply');
      if (typeof which !== 'number') return printError(which.error);
      const card = cards[which]!;
      let done: ReturnType<typeof applyHere>;
      try {
        done = applyHere(card.code, card.text, process.cwd());
      } catch (e) {
        done = { error: `${card.code.path ?? 'the file'} could not be written: ${(e as Error).message}` };
      }
      // (the path is another's: cleaned as their text is)
      if ('error' in done) return printError(cleanLine(done.error));
      if (done.change) lastApplied = done.change;
      print(`-- ${cleanLine(done.said)}`);
    };
    /** `/apply undo`: the last /apply's change taken back, while its file is as /apply left it (undoApply). */
    const undoLastApply = () => {
      if (lastApplied === undefined) return printError('nothing to take back: /apply has changed no file here since join started');
      let done: ReturnType<typeof undoApply>;
      try {
        done = undoApply(lastApplied);
      } catch (e) {
        done = { error: `${lastApplied.path} could not be written: ${(e as Error).message}` };
      }
      if ('error' in done) return printError(cleanLine(done.error));
      lastApplied = undefined;
      print(`-- ${cleanLine(done.said)}`);
    };
    /** `/open [n]`: the room's last (or nth last) code card in the user's editor, which has the terminal until it exits. */
    const open = (arg: string) => {
      if (!tty || !process.stdin.isTTY) return printError('/open needs a terminal: it hands it to your editor');
      const cards = recentCode.get(room) ?? [];
      const which = cardToOpen(arg, cards.length, cleanLine(room));
      if (typeof which !== 'number') return printError(which.error);
      const card = cards[which]!;
      let found = sharedFileHere(card.code, card.text, process.cwd());
      if ('missing' in found) {
        // no file of this copy has it (none named, one you do not have, another's folder): its code opens from a
        // copy of the card, as VS Code's Open shows it in an untitled editor
        let file: string;
        try {
          file = writeCodeCopy(card.code, card.text);
        } catch (e) {
          return printError(`${cleanLine(found.missing)}, and no copy of the shared code could be written: ${(e as Error).message}`);
        }
        found = { file, line: 1, note: `${found.missing}: opening a copy of the shared code, ${file}` };
      }
      // (where the code is now, when not where it was shared: said before the editor takes the screen, which a
      // full-screen editor gives back with the line on it; the path is another's: cleaned as their text is)
      if (found.note !== undefined) print(`-- ${cleanLine(found.note)}`);
      const editorValue = process.env.VISUAL || process.env.EDITOR || 'vi';
      const { command, args } = editorCommand(editorValue, found.file, found.line);
      // the terminal is the editor's: no reading it here (the keys are the editor's), no printing (held till it exits);
      // the pending area leaves the screen with the prompt (drawn again once the editor exits)
      printTyped();
      erasePrompt(r, areaRows);
      areaGone();
      editing = [];
      r.pause();
      stopReading(process.stdin);
      process.stdin.setRawMode(false);
      let finished = () => {};
      editorDone = new Promise((done) => (finished = done));
      const back = (failed?: string) => {
        if (editing === undefined) return;
        const lines = editing;
        editing = undefined;
        finished(); // (what waits for it runs after these lines are printed)
        if (failed !== undefined) printError(failed);
        for (const l of lines) print(l.line, l.asTyped);
        // (closed meanwhile: the process leaves; the terminal is left as readline's close left it)
        if (rl !== r) return;
        process.stdin.setRawMode(true);
        // the lines read with the /open (a paste), then the terminal again
        if (backlog.length > 0) return drain();
        r.resume();
        draw();
      };
      const editor = spawn(command, args, { stdio: 'inherit' });
      const cannot = (why: string) => `cannot start your editor (${cleanLine(editorValue)}: ${why}); set VISUAL or EDITOR`;
      editor.on('error', (e) => back(cannot(e.message)));
      // (the shell that runs it says why above: `not found`)
      editor.on('exit', (code) => back(editorDidNotStart(code) ? cannot(`the shell could not run it, exit ${code}`) : undefined));
    };
    /**
     * `typed`: the rows of the prompt and `line` the terminal shows right above the cursor (Enter was just pressed
     * there), 0 when they are not (a line read while the input was held, piped, typed blind into a file). `shown`:
     * the prompt and `line` as typed, for a line that left the screen as it was read (it waited in the pending area).
     */
    const onLine = (line: string, typed = 0, shown?: string) => {
      // below the pending area (what prints goes above it) the line typed leaves the screen at Enter, every row it
      // wrapped to: a message the room will say back waits in the area, anything else is printed back as typed,
      // above what it prints. With no area on screen it stays where it is, but for such a message
      typedLine = shown;
      if (areaRows > 0 && typed > 0) {
        eraseRowsAbove(typed);
        typedLine = r.getPrompt() + line;
      }
      handleLine(line, typedLine === undefined ? typed : 0);
      printTyped();
    };
    /** `typed`: as onLine's, 0 once the line typed has left the screen. */
    const handleLine = (line: string, typed: number) => {
      // input not in UTF-8 (a Latin-1 terminal or file) comes decoded with U+FFFD for what it was: `café` went out as
      // `caf�`, to be read as `caf?`. Refused as the server refuses it from netcat (nobody types U+FFFD itself).
      if (line.includes('\ufffd')) {
        if (!isSlashCommand(line)) refused++;
        printError('this line is not valid UTF-8 (set your terminal to UTF-8): not sent', 'bad_utf8');
        promptAgain(r);
        return;
      }
      // the terminal's own commands: /share (a file's lines as code), /changes (its changes), /open, /react, /reply (the server's
      // list, which netcat users get too, has none of them), and /help, which lists them with the others
      const own = /^\/(share|changes|open|apply|react|reply|query|help|\?)(?:\s+(.*))?$/i.exec(line.trim());
      if (own) {
        const name = own[1]?.toLowerCase();
        if (name === 'share') share(own[2] ?? '');
        else if (name === 'changes') shareChanges(own[2] ?? '');
        else if (name === 'open') open(own[2] ?? '');
        else if (name === 'apply') apply(own[2] ?? '');
        else if (name === 'react') react(own[2] ?? '');
        else if (name === 'reply') reply(own[2] ?? '');
        else if (name === 'query') talkTo(own[2] ?? '');
        else {
          // the topic is the first word, as the server and the panel read `/help X` (parseSlash): `/help open please`
          // explained /open there, and was `unknown command /open please` here
          const topic = own[2]?.trim().split(/\s+/)[0];
          const mine = [SHARE_COMMAND, CHANGES_COMMAND, OPEN_COMMAND, APPLY_COMMAND, REACT_COMMAND, REPLY_COMMAND, QUERY_COMMAND];
          // (`/help nope` is an error, as `/nope` is, in the same words)
          const unknown = topic ? unknownHelpTopic(topic, mine) : undefined;
          if (unknown !== undefined) printError(unknown);
          else print(helpLines(topic, mine, process.stdout.columns || undefined, cellsOfLine).join('\n'));
        }
        // (not while an editor has the terminal: a prompt resumes reading it, and the editor's keys came here)
        if (rl && !editing) promptAgain(r);
        return;
      }
      const change = roomLine(client, line, room);
      if (change !== undefined && 'back' in change) {
        // the server takes it as a no-op: the terminal's own current room is what changes
        room = change.back;
        query = undefined;
        r.setPrompt(prompt());
        // (in the words of a join the server answers: this one was another's wording, `-- you are now in #dev: ...`)
        print(renderForTerminal({ type: 'info', text: nowInRoom(cleanLine(room)) }, client.nick, tty) ?? '');
        promptAgain(r);
        return;
      }
      // a /join or /part changes the room the next lines go to once the server has answered it: the lines after it
      // (a file piped in, a paste) wait for that answer, or they went to the room before it (`/join #dev` then `hi`
      // said hi in #general; `/part see you` after a `/join #dev` left #general)
      const answer = change !== undefined && 'ask' in change ? client.ask(change.ask) : undefined;
      if (answer !== undefined) {
        held = true;
        holdInput(r);
        void answer.then(() => {
          held = false;
          drain();
        });
        return;
      }
      // (in a /query: text and /me go to that person, other commands are the room's, as in the panel's direct tabs)
      const outcome = client.submit(line, room, query);
      // a message the room will say back (`12:00 you: hello`) waits in the pending area, dimmed, till it does (or
      // refuses it): the line typed does not come back, and the room's line takes its place in the room's order, as
      // irssi's does (on screen twice, the message read as said twice; gone till the room said it, a slow link showed
      // nothing of it). Typed while disconnected too: the area says it waits for the connection. A command's line
      // comes back above what it prints, which does not repeat it.
      if (area && waitsForRoom(outcome, typedLine ?? (typed > 0 ? r.getPrompt() + line : undefined))) {
        if (typed > 0) eraseRowsAbove(typed);
        typedLine = undefined;
        draw();
      }
      // input faster than the room takes it (a file piped in, the room away): read on once it has caught up (the
      // whole file waited in memory)
      if (outcome.kind === 'sent' && client.unacknowledged >= READ_AHEAD && !held && client.connected) {
        held = true;
        holdInput(r);
        const wait = setInterval(() => {
          // (away from the room, the input is read on: its end leaves, and what was not sent is printed)
          if (client.unacknowledged > READ_AHEAD / 4 && client.connected) return;
          clearInterval(wait);
          held = false;
          drain();
        }, 50);
      }
      if (outcome.kind === 'local') print(outcome.lines.join('\n'));
      // (as the server's errors look: red on a terminal)
      else if (outcome.kind === 'error' && line.trim() !== '') {
        if (!isSlashCommand(line)) refused++; // (a message; a command's refusal is the user's to read)
        printError(outcome.message);
      } else if (outcome.kind === 'quit') onQuit();
      if (rl) promptAgain(r);
      if (held) holdInput(r); // (prompt() resumed it)
    };
    r.on('line', (line) => {
      // the terminal went away (its window closed): readline hands over the line being typed, never entered, as the
      // input ends. It is not sent (Ctrl+C and Ctrl+D leave without it too)
      if (r.terminal && process.stdin.readableEnded) return;
      // (nor a line after a /quit that came in the same read: readline hands over every line it read, closed or not)
      if (rl !== r) return;
      if (!held && !editing && backlog.length === 0) return onLine(line, r.terminal ? typedRows(r, line) : 0);
      // a line read while the input is held (a paste longer than the room takes at once) leaves the screen too, and
      // waits in the pending area until it is handled (it stayed as typed, and its message showed again when it went)
      const rows = area && !editing ? typedRows(r, line) : 0;
      if (rows === 0) return void backlog.push({ line });
      eraseRowsAbove(rows);
      backlog.push({ line, typed: r.getPrompt() + line });
      draw(); // (the prompt too: the next line of the paste is typed after it, and counted so)
    });
    r.on('close', () => {
      ended = true;
      if (held || backlog.length > 0) {
        // (drain() ends it once the lines read went out; on a terminal, Ctrl+C or Ctrl+D in the middle of a paste:
        // said, with how to stop at once, or the paste went on for minutes without a word)
        const left = backlog.length + client.unacknowledged;
        if (tty) {
          // (its prompt goes, and comes back no more: the input is closed)
          clearPrompt(r);
          inputClosed = true;
          print(`-- leaving once the ${left} line${left === 1 ? '' : 's'} still to go went out (Ctrl+C again: stop, and see what was not sent)`);
        }
        return;
      }
      // (the host's room may stay open with its input gone: no prompt that reads nothing under each line; and
      // what is said next, "1 message was not sent", starts on a row of its own, not after the prompt and a
      // draft that Ctrl+C or Ctrl+D left behind)
      clearPrompt(r);
      rl = undefined;
      onInputEnd();
    });
    if (tty) r.prompt();
  };
  /**
   * Holds the input while the room catches up (a paste longer than READ_AHEAD) or answers a /join: a file or a pipe
   * is read no further (it waits in the kernel, not in memory). A terminal is read on, its lines waiting in the
   * backlog: paused, it read no key either, and Ctrl+C in the middle of a paste did nothing for as long as the room
   * took (300 lines at 5 a second: a minute).
   */
  const holdInput = (r: Interface) => {
    if (!process.stdin.isTTY) r.pause();
  };
  /** Takes the prompt that was drawn last off the screen, every row of what was typed (from the first: only the last went). */
  const clearPrompt = (r: Interface) => {
    // (an editor has the terminal: nothing of the prompt is on it, and nothing is written over the editor)
    if (!tty || editing) return;
    erasePrompt(r);
  };
  const close = () => {
    reactions.close();
    // what prints after this (the "you left the chat" line) gets no prompt below it; closing it here is not
    // the user ending the input (which quits)
    const r = rl;
    rl = undefined;
    if (!r) return;
    r.removeAllListeners('close');
    r.close();
    clearPrompt(r);
    // (the lines read and not handled go unread: they leave the pending area, to be listed as not sent with the
    // messages that did not go, pendingListed; what was sent waits there still. A paste of 500 lines, Ctrl+C: the
    // 300 read past the read-ahead went without a word)
    if (backlog.length > 0) {
      unread.push(...backlog.map((b) => b.line));
      backlog.length = 0;
      if (tty) draw();
    }
  };
  /** Lines read and never handled, as the chat closed (see close). */
  const unread: string[] = [];
  const pendingListed = (): readonly string[] => {
    if (areaRows > 0 && !editing) erasePrompt(rl, areaRows);
    areaGone();
    area = false;
    return unread.splice(0);
  };
  return { print, startInput, close, pendingListed, draining: () => inputClosed, refused: () => refused, editorDone: () => editorDone, editing: () => editing !== undefined, room: () => room };
}

/** A colour or a style on or off: the only escape sequences the lines printed hold (the network's are cleaned out). */
// eslint-disable-next-line no-control-regex -- an escape sequence is what it finds
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * A line without its colours (NO_COLOR): its styles stay, so a line that mentions you stays bold, as the README says
 * it prints (no-color.org asks for no colour; without the bold, a mention looked like any other line, and only the
 * bell said it), and so does a message's bold, italic, struck text and links.
 */
function noColours(line: string): string {
  let styled = false;
  return line.replace(SGR, (s) => {
    if (STYLE_SEQUENCES.has(s)) styled = true;
    else if (s === '\x1b[0m' && styled) styled = false;
    else return '';
    return s;
  });
}

/** The rows of `text` (none for ''). */
function rowsIn(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

/**
 * The row of the prompt and what is typed that the cursor is on, as readline drew them last (`prevRows`: what is on
 * the screen, while it draws them anew as well); where readline keeps no such count, as it counts it now.
 */
function shownRow(r: Interface): number {
  const drawn = (r as Interface & { prevRows?: number }).prevRows;
  return typeof drawn === 'number' ? drawn : r.getCursorPos().rows;
}

/** Takes the cursor's row and the `rows` rows above it off the screen, and what is below them; the cursor to the first. */
function eraseRowsAbove(rows: number): void {
  if (rows > 0) moveCursor(process.stdout, 0, -rows);
  process.stdout.write('\r\x1b[0J');
}

/**
 * The rows `line` typed after the prompt took on the terminal, once Enter was pressed: readline went to the row under
 * them. (Counted as readline counts them, wide characters and all: a wide one that finds one cell left at a row's
 * end starts the next row. Its end exactly at the last column takes a row more: readline draws a blank there.)
 */
function typedRows(r: Interface, line: string): number {
  const shown = r as Interface & { _getDisplayPos?: (text: string) => { rows: number } };
  // (readline's own count, as its redraws use it; a readline without it: the line typed stays, as it did)
  return shown._getDisplayPos ? shown._getDisplayPos(r.getPrompt() + line).rows + 1 : 0;
}

/** A key readline takes as text to insert: printable characters (a tab in a paste too), no control or escape. */
// eslint-disable-next-line no-control-regex -- control characters are what it excludes
const TEXT_KEY = /^[^\x00-\x08\x0a-\x1f\x7f]+$/;

/**
 * Node's readline takes a read of more than one character (a paste, an input method's word, keys faster than a read)
 * a character at a time, completion off until the last one (that a tab in it is text). It inserts each without
 * completion at the end of the line, wherever the cursor is (nodejs/node#60624: `XY` pasted after the `a` of
 * `abcdef` sent `abYcdefX`), and each one inserted at the cursor redraws the whole line and prompt: a paste of
 * 300 characters in the middle of a line drew it 300 times, slow and flickering. The characters of such a read go
 * in here at once, at the cursor: one drawing (or one a read, the paste a few reads long). Its other keys (Enter,
 * an arrow) are readline's, after the text before them. A single key typed is readline's, as it was.
 * (Not bracketed paste: what a paste holds would change meaning, its lines no longer sent one by one as typed.)
 */
function pasteAtCursor(r: Interface): void {
  const line = r as Interface & {
    isCompletionEnabled?: boolean;
    _ttyWrite?: (s: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean } | undefined) => void;
  };
  // (what readline does with each key, which it looks up by that name: a readline without it is left as it is)
  if (!line._ttyWrite) return;
  // (readline sets it as each read begins, false, and before the read's last character, true)
  let enabled = line.isCompletionEnabled ?? true;
  let inserting = false;
  let closed = false;
  r.once('close', () => (closed = true));
  /** The text of the read so far, not inserted yet. */
  let text = '';
  const ttyWrite = line._ttyWrite.bind(r);
  const insert = () => {
    const t = text;
    text = '';
    if (t === '' || closed) return;
    // (as a key with no name: readline inserts it as text, at the cursor, completion on for that: its insert)
    inserting = true;
    try {
      ttyWrite(t, {});
    } finally {
      inserting = false;
    }
  };
  Object.defineProperty(line, 'isCompletionEnabled', {
    configurable: true,
    // (and at the cursor whenever it is not at the end: anything else readline inserts in such a read, as text)
    get: () => enabled || inserting || r.cursor < r.line.length,
    set: (v: boolean) => (enabled = v),
  });
  line._ttyWrite = (s, key) => {
    const isText = typeof s === 'string' && !key?.ctrl && !key?.meta && TEXT_KEY.test(s) && (s !== '\t' || !enabled);
    if (isText && (!enabled || text !== '')) {
      // (a read that ends with an escape sequence still to come gives its last character later: what it read
      // before goes in once the read is done, not at the next key)
      if (text === '') queueMicrotask(insert);
      text += s;
      if (enabled) insert(); // (the read's last character)
      return;
    }
    insert();
    ttyWrite(s, key);
  };
}

/**
 * Stops reading the terminal for good until the stream is resumed. Pausing a stream only stops its events: its
 * handle goes on reading into the stream's buffer, and with an editor on the same terminal (/open) every other key
 * typed in the editor came here instead. net.Socket's own pause does this for a socket that reads into a buffer of
 * its own; for a terminal there is no public way, hence its handle (resume() starts it again, as it does a socket's).
 */
function stopReading(input: NodeJS.ReadStream): void {
  const handle = (input as unknown as { _handle?: { reading?: boolean; readStop?: () => number } })._handle;
  input.pause();
  if (handle?.reading && handle.readStop) {
    handle.reading = false;
    handle.readStop();
  }
}

/**
 * What a `/join` or `/part` line does to the room the next lines go to: `back`, the room a `/join` names when the
 * client is in it already (it becomes the current room, the server asked nothing); `ask`, the request a `/join` of
 * another room or a `/part` sends, when the client may send it (the lines after it wait for its answer). Undefined
 * for any other line, and one submit says what is wrong with.
 */
function roomLine(client: ChatClient, line: string, room: string): { back: string } | { ask: CommandMsg } | undefined {
  if (!isSlashCommand(line)) return undefined;
  const p = parseSlash(line, room, (r) => client.rooms.has(r));
  if (!p.ok || p.command.cmd !== 'request') return undefined;
  const msg = p.command.msg;
  if (msg.type === 'join') {
    const name = normalizeRoom(msg.room);
    if (name !== null && client.rooms.has(name)) return { back: name };
  }
  return (msg.type === 'join' || msg.type === 'part') && !client.putOut ? { ask: msg } : undefined;
}

/** A connection status without what changes from one retry to the next: its delay, and why the last try failed. */
export function statusGist(text: string): string {
  return text.replace(/ \([^()]*\)(?=; reconnecting in)/, '').replace(/; reconnecting in [\d.]+ s\.\.\.$/, '');
}
