// Entry point of the chat panel: builds the layout, feeds extension messages to the model, and re-renders.
import { notInYourRooms, parseQuery } from '../protocol/queryArgs';
import type { CodeRef, MenuRowAction, RoomEvent, ServerMessage, ToPanel } from '../shared/panelMessages';
import { isQuitLine, isSlashCommand, joinTarget } from '../protocol/commands';
import { isRoomEvent } from '../protocol/roomEvents';
import { answerWords, CommandAnswers } from './commandAnswers';
import { Composer } from './composer';
import { formatTime, h, icon, setLabel, spokenText } from './dom';
import { CONVERSATION_PANEL, membersAsOf, renderMembers, renderStatus, renderTabs, renderTopic, renderTyping, statusWords, tabKeys, tabOverflow, tabWheel, tickStatus } from './renderChrome';
import { markWords, revealRange, SearchBar } from './search';
import { mentionableIn } from './atMentions';
import { atMentionsIn } from '../protocol/atMentions';
import { repliedRow } from './repliedRow';
import { estimateRow, isLong, memberWords, messageLabel, renderRow, unfoldIfFits, type MemberEvent } from './renderMessages';
import { MemberKeys } from './memberKeys';
import { RowKeys, rowKeyOf, type RowAction } from './rowKeys';
import { ChatState, dmId, isReplayed, roomId, type Conversation, type Row } from './state';
import { VirtualList } from './virtualList';
import { loadState, post, saveState, saveStateLater } from './vscodeApi';
import { playChime } from './chime';
import { codeRefLine, quoteOf } from '../protocol/replyQuote';
import { cardOfLink } from './cardOfLink';
import { firstWords, HeardMessages } from './heardMessages';
import { ReplayedChanges, type ReplayedChange } from './replayedChanges';
import { ReplayedReactions } from './replayedReactions';
import { retryDue, RetryCountdown } from './retryCountdown';
import { highlightsRefused } from './highlight';
import { nameRecord } from './nameRecord';
import { markdownText } from './markdown';
import { ROOM_LIST_FRESH_MS } from '../protocol/completion';
import { measuredLength, refusedLength, textTooLong } from './refusedLength';

const saved = loadState();
const state = new ChatState();
state.seen = nameRecord(saved.seen);
state.closedDms = nameRecord(saved.closedDms);
state.seenDms = nameRecord(saved.seenDms);
if (typeof saved.dmsUpTo === 'number') state.dmsUpTo = saved.dmsUpTo;
state.visible = document.visibilityState !== 'hidden';
const drafts = nameRecord(saved.drafts);
const sentHistory: string[] = (saved.sent ?? []).filter((x): x is string => typeof x === 'string');
let loaded = false;
let pendingActivate: string | undefined;
/** A text sent while not connected was said to wait (once until the connection is back). */
let toldQueued = false;
let lastUnread = -1;
/** Messages from the extension so far, and how many of them the last `unread` said were counted. */
let received = 0;
let lastThrough = 0;
let lastRoom = '';
let newCount = 0;
let membersToggled: boolean | undefined;
/** The row of the message being edited in the composer. */
let editingKey: string | undefined;
/** The message being edited in the composer (its row is `editingKey`). */
let editingMessage: Extract<RoomEvent, { type: 'message' }> | undefined;
/** Edits set aside by a switch of conversation, by conversation: back in the composer when it is open again. */
const editsAside = new Map<string, { e: Extract<RoomEvent, { type: 'message' }>; key: string; text: string }>();

// ---------------------------------------------------------------- layout

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app', class: 'app' }));
const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Conversations' });
const tabsMore = tabOverflow(tabs);
const invite = h('button', { class: 'icon-button', type: 'button', title: 'Copy invite', 'aria-label': 'Copy invite' }, icon('copy'));
const hostingMark = h('span', { class: 'hosting', title: 'You are hosting this chat', role: 'img', 'aria-label': 'You are hosting this chat' }, icon('broadcast'));
// (TCP Chat: Join a Room: the server's rooms to pick from, or a new one)
const joinBtn = h('button', { class: 'icon-button join-room', type: 'button', title: 'Join a room', 'aria-label': 'Join a room' }, icon('add'));
const saveBtn = h('button', { class: 'icon-button save-conversation', type: 'button', title: 'Save conversation as Markdown', 'aria-label': 'Save conversation as Markdown' }, icon('markdown'));
/** The key Find is under, as the platform writes it (a Mac: Cmd+F). */
const FIND_KEY = /^Mac/i.test(navigator.platform) ? '⌘F' : 'Ctrl+F';
const findBtn = h('button', { class: 'icon-button', type: 'button', title: `Find in conversation (${FIND_KEY})`, 'aria-label': 'Find in conversation' }, icon('search'));
// (with how many are in the room: a narrow panel hides the members themselves until asked)
const membersCount = h('span', { class: 'members-count' });
/** What the members button says of its count while the members are not live (membersAsOf), '' while they are. */
let membersStale = '';
// (a toggle: one name, "Members", whether pressed or not; a name that flipped to "Hide members" read as pressed
// "Hide members", which says the opposite)
const membersBtn = h('button', { class: 'icon-button members-toggle', type: 'button', title: 'Members', 'aria-label': 'Members', 'aria-pressed': 'false' }, icon('organization'), membersCount);
const topic = h('div', { class: 'topic' });
// (not a live region: shown and filled at once, as it is, a screen reader heard nothing of it; sayStatus() reads a
// change out through `live`, once)
const status = h('div', { class: 'status-banner' });
const members = h('aside', { class: 'members', 'aria-label': 'Members' });
const typing = h('div', { class: 'typing', 'aria-live': 'off' });
const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'false', role: 'log' });
// (an error read at once: Enter did nothing, and the composer still holds the text: a screen reader heard nothing)
const urgent = h('div', { class: 'sr-only', 'aria-live': 'assertive', 'aria-atomic': 'false' });
const jump = h('button', { class: 'jump', type: 'button', hidden: '' }, icon('arrow-down'), h('span', { class: 'jump-text' }, 'New messages'));
const empty = h('div', { class: 'empty muted' }, 'Connecting…');

/** Long messages opened in full ("Show more"), by row key: kept while the panel lives, as rows scroll in and out. */
const expanded = new Set<string>();
function expand(key: string, open: boolean): void {
  if (open) expanded.add(key);
  else expanded.delete(key);
  if (open) {
    list.unstick(); // the message opens downward from where the user is reading, not up from the end
    list.rerenderAll();
  } else list.rerenderKeeping(key, (row) => row.querySelector('.show-more'));
}

/** What the search bar found in the open conversation (marked in the list), and the match shown now. */
let searchHits: ReadonlySet<string> = new Set();
let searchCurrent: string | undefined;
/** The message the keyboard was on as the search bar opened, if any, and the last match the bar showed. */
let searchFromRow: string | undefined;
let searchShown: string | undefined;
/** Where the match shown now is in the rows drawn (none while it is out of them). */
let currentMatch: Range[] = [];
const search = new SearchBar({
  rows: () => state.shownRows(),
  heard: ({ key, entry: e }) => (e.type === 'message' || e.type === 'dm' ? messageLabel(e, e.type === 'dm' ? state.isOwnDm(e) : state.isOwnMessage(key, e.from), state.nick) : undefined),
  onChange: (hits, current, go) => {
    const before = searchHits;
    const sameCurrent = !go && current === searchCurrent;
    searchHits = hits;
    searchCurrent = current;
    if (current !== undefined) searchShown = current;
    // a match in a long message (or notice) shows once it opens in full: its first lines alone hid it, "1 of 1" and nothing
    if (go && current !== undefined && foldsByLength(shownRow(current)?.entry)) expanded.add(current);
    if (sameCurrent) {
      // messages came that match (or matches went): only the rows drawn whose mark changed are drawn anew (every row
      // in view was, at each message that matched: 20 ms a frame in a busy room)
      for (const k of hits) if (!before.has(k) && list.nodeFor(k)) list.invalidate(k);
      for (const k of before) if (!hits.has(k) && list.nodeFor(k)) list.invalidate(k);
      list.render();
      return;
    }
    list.rerenderAll();
    if (!go || current === undefined) return;
    list.scrollToKey(current, true);
    // and the match itself in view: deep in a tall message, or in a code card's (or a wide block's) own scroll
    const at = currentMatch.find((r) => list.el.contains(r.startContainer));
    if (at) revealRange(at, list.el);
  },
  onClose: () => {
    currentMatch = markWords([], '');
    // opened from a message: back in the list, on the match it showed (or that message); else to the composer
    const row = searchFromRow !== undefined ? searchShown ?? searchFromRow : undefined;
    searchFromRow = searchShown = undefined;
    if (row === undefined || !rowKeys.focusRow(row)) composer.focus();
  },
});

const list = new VirtualList<Row>({
  render: (row) => renderRow(row, {
    nick: state.nick, mentionable: () => mentionableIn(state.convs.get(state.active), state.nick), ownDm: (d) => state.isOwnDm(d), ownMessage: (key, from) => state.isOwnMessage(key, from), openCode, applyChanges: (code, text) => post({ type: 'applyChanges', code, text }), copyText: (text) => post({ type: 'copyText', text }), newFrom: state.convs.get(state.active)?.newFrom,
    expanded, onExpand: expand, searchHits, searchCurrent, onMention: (key) => rowAction(key, 'mention'),
    onReply: (key) => rowAction(key, 'reply'),
    ...(onlyToRead(row) ? {} : { mayDelete, onEdit: (key: string) => rowAction(key, 'edit'), onDelete: (key: string) => rowAction(key, 'delete'), reactions: state.reactions, onReact: react }),
    editing: editingKey, repliedTo, onGoTo: goToMessage,
  }),
  estimate: estimateRow,
  settle: unfoldIfFits,
  onRendered: (rows) => {
    redrawPlainCode();
    if (search.isOpen) currentMatch = markWords(rows, search.query);
    rowKeys.afterRender();
  },
  onStickChange: (stuck) => {
    if (stuck) newCount = 0;
    renderJump();
  },
});
list.el.setAttribute('role', 'list');
// (the keys in its description, as a member's: in its name, they were read before every message the keyboard came
// to from outside the list, the name of the list it entered)
list.el.setAttribute('aria-label', 'Messages');
list.el.setAttribute('aria-description', 'Up and Down move between them; on one, R replies, M mentions its author, Enter opens, C copies, E edits yours, + reacts, Delete deletes');
list.el.tabIndex = 0;
list.el.classList.add('messages');
const rowKeys = new RowKeys({
  list: list.el,
  keys: () => state.shownRows().map((r) => r.key),
  nodeFor: (key) => list.nodeFor(key),
  reveal: (key) => list.scrollToKey(key, true),
  onAction: rowAction,
  onLeave: () => composer.focus(),
  onType: (text) => composer.type(text),
  // (someone else's reaction to the message drew it anew, and the emoji choice closed under the user mid-choice)
  reopen: (row, cls) => {
    if (cls === 'reaction-choice') row.querySelector<HTMLElement>('.row-react')?.click();
  },
});

const memberKeys = new MemberKeys({
  pane: members,
  onMessage: (nick) => messageDirectly(nick),
  onSelf: () => say('That is you: Enter on another member writes to them directly.'),
  onMention: (nick) => {
    closeMembersOverlay();
    composer.insert(`@${nick} `);
  },
  onLeave: () => {
    // the overlay gives the keyboard back to its button, as a popup does; the pane beside the messages to the composer
    if (closeMembersOverlay()) membersBtn.focus();
    else composer.focus();
  },
});

/** What a message's context menu may ask of its row (`rowAction` from the extension). */
const MENU_ROW_ACTIONS: readonly MenuRowAction[] = ['reply', 'edit', 'copy', 'open', 'delete'];

/**
 * When the panel last asked for the server's room list, and which server (again once it is ROOM_LIST_FRESH_MS old,
 * or at once in a session with another server: its list was cleared).
 */
let roomsAsked = { at: -Infinity, address: '' };

const composer = new Composer({
  history: sentHistory,
  commands: () => state.commands,
  nicks: () => {
    const c = state.convs.get(state.active);
    const names = c ? (c.kind === 'room' ? c.members.map((m) => m.nick) : [c.name]) : [];
    return names.filter((n) => n !== state.nick);
  },
  rooms: () => ({ joined: [...state.convs.values()].filter((c) => c.kind === 'room').map((c) => c.name), listed: state.listedRooms }),
  // (asked again once it is ROOM_LIST_FRESH_MS old: each ask costs one of the user's requests at the server's rate limit)
  roomsWanted: () => {
    if (roomsAsked.address === state.address && performance.now() - roomsAsked.at < ROOM_LIST_FRESH_MS) return;
    roomsAsked = { at: performance.now(), address: state.address };
    post({ type: 'listRooms' });
  },
  onSubmit: submit,
  measure: (line, asText) => measuredLength(line, state, asText),
  onTyping: () => {
    const c = state.convs.get(state.active);
    if (c?.kind === 'room') post({ type: 'typing', room: c.name });
  },
  onEscape: () => post({ type: 'focusEditor' }),
  onPage: (dir) => list.el.scrollBy({ top: dir * Math.max(40, list.el.clientHeight - 40) }),
  onDraftChange: (text) => {
    drafts[state.active] = text;
    if (text === '') delete drafts[state.active];
    saveState({ drafts, sent: sentHistory });
  },
});

// (what is typed into an edit is saved as it is typed, as a draft is: see saveEdit)
composer.input.addEventListener('input', () => {
  if (editingMessage) saveEdit();
});

// the open conversation (its search bar, messages, jump button): the panel of the selected tab (see renderChrome)
const conversationPanel = h('section', { class: 'messages-wrap', id: CONVERSATION_PANEL }, search.el, list.el, empty, jump);
/** What a screen reader's list of headings shows of the panel: the conversation open (renderChrome). */
const heading = h('h1', { class: 'sr-only' }, 'TCP Chat');
app.replaceChildren(
  heading,
  h('header', { class: 'header' }, tabsMore.wrap, h('div', { class: 'header-actions' }, hostingMark, joinBtn, findBtn, saveBtn, invite, membersBtn)),
  topic,
  status,
  h('div', { class: 'main' }, conversationPanel, members),
  typing,
  composer.el,
  live,
  urgent,
);
app.removeAttribute('aria-busy');

// ---------------------------------------------------------------- actions

function openCode(code: CodeRef, text: string): void {
  post({ type: 'openCode', code, text });
}

/**
 * Sends what the composer holds; false when it has nowhere to go: no conversation, so only a command can go
 * out (/join after parting the last room), and only to a server the panel is connected to.
 */
function submit(text: string): boolean {
  const long = refusedLength(text, state);
  if (long !== undefined) {
    // the server would refuse it: say so, and keep the text to shorten
    showNotice('error', `${long} It is still in the box: shorten it${isSlashCommand(text) ? '' : ' or split it'}.`, true);
    return false;
  }
  // `/query bob`, as IRC's: the direct conversation with bob, opened empty if new (as "Message directly" does); a
  // text after the name goes to bob from there. It was a usage error (a /msg without text).
  const query = /^\/query(?:\s+([\s\S]*))?$/i.exec(text);
  const asked = query ? parseQuery(query[1] ?? '') : undefined;
  if (asked && !('back' in asked) && state.status === 'connected' && state.convs.has(state.active)) {
    if ('error' in asked) {
      showNotice('error', asked.error, true);
      return false;
    }
    const nick = asked.nick;
    // (the text to bob from here; the room the command was typed in is the one other commands would be for)
    const here = state.convs.get(state.active);
    if (asked.text !== undefined) post({ type: 'submit', room: here?.kind === 'room' ? here.name : lastRoom, text, to: nick });
    // (once the composer has let go of the command: switched at once, the command stayed the room's draft)
    queueMicrotask(() => {
      messageDirectly(nick);
      // (a name mistyped, or someone gone: said before anything is typed for them, as the terminal does)
      const stranger = notInYourRooms(nick, [...state.convs.values()].filter((c) => c.kind === 'room').map((c) => c.members));
      if (stranger !== undefined) showNotice('info', `${stranger}.`);
    });
    return true;
  }
  if (isQuitLine(text)) {
    // (sent whatever the panel shows: it stops the rejoin after a reload too, where the panel is in no room yet)
    post({ type: 'submit', room: '', text });
    return true;
  }
  const c = state.convs.get(state.active);
  if (c && state.outOfRoom) {
    // a room the window left, still on show to read: nothing goes out from here (the text stays in the box)
    showNotice('error', 'Not in this room any more: run "TCP Chat: Host Chat" or "TCP Chat: Join Chat" to write again.', true);
    return false;
  }
  if (!c) {
    if (state.status !== 'connected' || !isSlashCommand(text)) {
      // (Enter did nothing, and a screen reader heard nothing: a text with no room, a command with no server)
      const how = state.status === 'connected' ? ' type /join #room first;' : '';
      showNotice('error', `Not in a room:${how} nothing was sent, your text is still in the box.`, true);
      return false;
    }
    post({ type: 'submit', room: '', text });
    followJoin(text);
    return true;
  }
  followJoin(text);
  const room = c.kind === 'room' ? c.name : lastRoom || [...state.convs.values()].find((x) => x.kind === 'room')?.name || '';
  if (c.kind === 'room') {
    post({ type: 'submit', room, text });
  } else {
    // A direct-message conversation: text (as typed) and /me go to that person; other commands work as in the room
    // (a /me went to the room, for everyone, and text lost its indentation to the /msg it was wrapped in)
    post({ type: 'submit', room, text, to: c.name });
  }
  // (a /kick, /ban, /op, /deop answered in another room, a /topic typed here for a room: said here too)
  if (isSlashCommand(text)) commandAnswers.typed(c.id, text, room);
  list.scrollToBottom();
  // (text, and /me and /msg: what the client keeps for the connection; other commands are refused meanwhile)
  const kept = !isSlashCommand(text) || /^\/(?:me|msg|dm|query)\s/i.test(text);
  if (state.status !== 'connected' && kept && !toldQueued) {
    // the composer empties as ever, and the text waits in the client: say so once, not a word was lost
    toldQueued = true;
    const when = state.status === 'closed' && state.canRetry ? 'once the room is back (Try Again above)' : 'once the connection is back';
    showNotice('info', `Not connected: what you send now goes out, in order, ${when}.`, true);
  }
  return true;
}

/**
 * Whether you may delete a message by `from` in the open room: yours; the owner anyone's; an op a member's (as the
 * server rules: by the author's role now, a member if they are not here). The server decides in the end.
 */
function mayDelete(key: string, from: string): boolean {
  if (state.isOwnMessage(key, from) || state.role === 'owner') return true;
  const c = state.convs.get(state.active);
  return state.role === 'op' && (c?.members.find((m) => m.nick === from)?.role ?? 'member') === 'member';
}

/**
 * What a key on a focused row (or a row's button) asks for: reply (quote), mention its author, open (code, a long
 * text), copy, edit (yours: in the composer), delete (the extension asks first).
 */
function rowAction(key: string, action: RowAction): void {
  const row = shownRow(key);
  const e = row?.entry;
  if (e?.type !== 'message' && e?.type !== 'dm') return;
  // (as its buttons say: E started an edit that could never go out, Delete asked to delete for nothing)
  if (onlyToRead(row) && (action === 'edit' || action === 'delete' || action === 'react')) return;
  const room = e.type === 'message';
  if (e.type === 'message' && e.deleted && action !== 'delete') return;
  // (in a room: its author as they are called now, if they are still there and not you)
  const author = room ? state.authorNow(key, e.from) : undefined;
  const mention = author !== undefined && author !== state.nick ? author : undefined;
  switch (action) {
    case 'reply':
      if (e.kind === 'text') return composer.append(quoteOf(e.text, mention));
      // shared code: which code it was, and whose
      if (e.kind === 'code' && e.code) return composer.append(quoteOf(codeRefLine(e.code), mention));
      if (mention) composer.insert(`@${mention} `);
      return composer.focus();
    case 'mention':
      if (mention) composer.insert(`@${mention} `);
      return composer.focus();
    case 'open':
      if (e.kind === 'code' && e.code) openCode(e.code, e.text);
      else if (foldsByLength(e)) expand(key, !expanded.has(key));
      return;
    case 'copy':
      return post({ type: 'copyText', text: e.text });
    case 'edit':
      // your own room message, not shared code (the server checks it too)
      if (!room || !state.isOwnMessage(key, e.from) || e.kind === 'code' || e.deleted) return;
      return editInComposer(e, e.text);
    case 'delete':
      if (!room || e.deleted || !mayDelete(key, e.from)) return;
      // (the extension asks first: asked while no delete could go, "Delete" in its dialog then said "not connected")
      if (state.status !== 'connected') return showNotice('error', 'Not connected: the message was not deleted. Delete it once the chat is back.', true);
      post({ type: 'delete', room: e.room, epoch: epochOf(e.room), seq: e.seq });
      return;
    case 'react':
      // the row's own React button: its choice of emoji opens, with the keyboard on it
      list.nodeFor(key)?.querySelector<HTMLElement>('.row-react')?.click();
      return;
  }
}

/** Edits message `e` in the composer, starting from `text`; Enter sends the edit when it can go out. */
function editInComposer(e: Extract<RoomEvent, { type: 'message' }>, text: string): void {
  // its row is marked while the edit lasts
  const c = state.convs.get(roomId(e.room));
  const epoch = epochOf(e.room);
  const key = c ? state.eventKey(c, e.seq) : undefined;
  editingKey = key;
  editingMessage = e;
  list.rerenderAll();
  // (started from the message, E on it: an edit given up, Escape, gives the keyboard back to it, as Find and the
  // emoji choice do; it stayed in the composer)
  const fromRow = list.el.contains(document.activeElement);
  let sent = false;
  const ended = () => {
    // (this edit's mark only: starting another ends this one after the other's mark was set)
    if (editingKey !== key) return;
    editingKey = undefined;
    editingMessage = undefined;
    saveState({ editing: undefined });
    list.rerenderAll();
    if (fromRow && !sent && key !== undefined && document.activeElement === composer.input) rowKeys.focusRow(key);
  };
  composer.edit(text, (now) => {
    if (now === e.text) return (sent = true);
    if (now.length > state.maxText) {
      showNotice('error', `${textTooLong('The new text', now, state.maxText)} It is still in the box.`, true);
      return false;
    }
    if (state.status !== 'connected') {
      showNotice('error', 'Not connected: the edit was not sent. It is still in the box: press Enter again when the room is back.', true);
      return false;
    }
    // (the room was started anew meanwhile, or the panel drawn anew for another room of that name: the message's
    // number is another one's now)
    if (epochOf(e.room) !== epoch) {
      showNotice('error', `#${e.room} was started anew by its host: that message is from before and can no longer be edited. Your text is still in the box (Escape ends the edit).`, true);
      return false;
    }
    post({ type: 'edit', room: e.room, epoch, seq: e.seq, text: now });
    return (sent = true);
  }, ended);
  saveEdit();
}

/**
 * Saves the edit under way with the panel's state, as drafts are: a panel hidden is made anew when shown again,
 * and an edit and what was typed into it were lost (switching conversations kept them: editsAside).
 */
function saveEdit(): void {
  if (!editingMessage || editingKey === undefined) return;
  saveState({ editing: { conv: roomId(editingMessage.room), key: editingKey, seq: editingMessage.seq, text: composer.value } });
}

/** The edit a hidden panel had under way, back where it was, if its message is still there as it was. */
function resumeSavedEdit(): void {
  const s = saved.editing;
  if (!s || typeof s.conv !== 'string' || s.conv !== state.active || typeof s.text !== 'string') return;
  const row = state.convs.get(s.conv)?.rows.find((r) => r.key === s.key);
  const e = row?.entry;
  if (e?.type === 'message' && !e.deleted && e.seq === s.seq && !onlyToRead(row)) editInComposer(e, s.text);
}

/**
 * A row there to read only, with nothing to edit, delete or react to: one of a room the window left, or from before
 * its host started the room anew (its number is another message's now).
 */
function onlyToRead(row: Row | undefined): boolean {
  return state.outOfRoom || row?.past === true;
}

/** Puts your `emoji` under the message of row `key`, or takes it away (the server decides which, as it toggles). */
function react(key: string, emoji: string): void {
  const row = shownRow(key);
  const e = row?.entry;
  if (e?.type !== 'message' || e.deleted || row?.past) return;
  if (state.status !== 'connected') return showNotice('error', 'Not connected: the reaction was not sent.');
  post({ type: 'react', room: e.room, epoch: epochOf(e.room), seq: e.seq, emoji });
}

/** The epoch of room `room` as the panel has it ('' when it has none). */
function epochOf(room: string): string {
  return state.convs.get(roomId(room))?.epoch ?? '';
}

/**
 * The message each reply answers, by the reply's entry, once found: an edit of that message after it does not take
 * the reply's quote away from it (the quote is of what it said before).
 */
const replied = new WeakMap<Row['entry'], string>();

/** The message row `key` replies to, in the conversation shown, and what its quote says of it. */
function repliedTo(key: string): { key: string; label: string } | undefined {
  const rows = state.shownRows();
  const at = rows.findIndex((r) => r.key === key);
  const reply = rows[at]?.entry;
  const known = reply && replied.get(reply);
  const to = known !== undefined ? rows.find((r) => r.key === known) : repliedRow(rows, at);
  if (reply && to) replied.set(reply, to.key);
  const e = to?.entry;
  if (to === undefined || (e?.type !== 'message' && e?.type !== 'dm')) return undefined;
  const mine = e.type === 'dm' ? state.isOwnDm(e) : state.isOwnMessage(to.key, e.from);
  return { key: to.key, label: `Go to ${mine ? 'your' : `${e.from}'s`} message of ${formatTime(e.time)}` };
}

/** A reply's quote clicked: the keyboard on the message it quotes, brought into view and marked for a moment. */
function goToMessage(key: string): void {
  if (!rowKeys.focusRow(key)) return;
  const el = rowKeys.rowEl(key);
  el?.classList.remove('went-to');
  void el?.offsetWidth; // (the mark's animation again, for a second click)
  el?.classList.add('went-to');
}

/** Row `key` of the conversation shown. */
function shownRow(key: string): Row | undefined {
  return state.shownRows().find((r) => r.key === key);
}

/** Whether a message, a /me or a notice is long enough to show folded to its first lines, behind "Show more". */
function foldsByLength(e: Row['entry'] | undefined): boolean {
  if (e?.type === 'notice') return isLong(e.text);
  return (e?.type === 'message' || e?.type === 'dm') && (e.kind === 'text' || e.kind === 'action') && isLong(e.text);
}

/**
 * A line only this user sees, in the open conversation (or where it would be). `reveal`: it answers what the
 * composer just tried (Enter did nothing else), so the list goes to the end to show it, wherever it was.
 */
function showNotice(level: 'info' | 'error', text: string, reveal = false): void {
  if (!state.addNotice(level, text)) return;
  say(text, level === 'error');
  list.update(state.shownRows());
  if (reveal) list.scrollToBottom();
  empty.hidden = true;
}

/** `/join #room` makes that room the current one: the panel moves to it, now or when the server says it is in. */
function followJoin(text: string): void {
  const room = joinTarget(text);
  if (room === undefined) return;
  const id = roomId(room);
  if (state.convs.has(id)) activate(id);
  else pendingActivate = id;
}

/** Closes a direct conversation's tab; the panel goes to the room you were in last if it was the one shown. */
function closeDm(id: string): void {
  const wasActive = id === state.active;
  const focusTabs = tabs.contains(document.activeElement);
  state.closeDm(id, lastRoom ? roomId(lastRoom) : '');
  saveState({ closedDms: state.closedDms });
  if (wasActive) {
    const c = state.convs.get(state.active);
    if (c?.kind === 'room') post({ type: 'activeRoom', room: c.name });
    composer.setValue(drafts[state.active] ?? '');
    showConversation();
  }
  renderChrome();
  if (focusTabs) tabs.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
}

/** The members pane's "Message directly": the conversation with that person (opened empty if new), composer focused. */
function messageDirectly(nick: string): void {
  closeMembersOverlay();
  const id = state.dmWith(nick).id;
  saveState({ closedDms: state.closedDms });
  if (id === state.active) renderChrome();
  else activate(id);
  composer.focus();
}

function activate(id: string): void {
  if (!state.convs.has(id)) return;
  const changed = id !== state.active;
  drafts[state.active] = composer.draft;
  if (drafts[state.active] === '') delete drafts[state.active];
  // an edit under way waits in its conversation, with what was typed into it (a switch dropped it without a word)
  if (changed && editingMessage && editingKey !== undefined && roomId(editingMessage.room) === state.active) {
    editsAside.set(state.active, { e: editingMessage, key: editingKey, text: composer.value });
  }
  if (changed) {
    const next = state.convs.get(id);
    if (next) next.newFrom = undefined; // "New" marks what is new since this visit began
    // where the user was reading, for when they come back (a DM answered in the middle of reading back through
    // history put them at the end of the room again)
    const at = list.anchor;
    if (at) readingAt.set(state.active, at);
    else readingAt.delete(state.active);
  }
  state.active = id;
  /** What came while it was not open (markSeen counts it read). */
  const came = state.convs.get(id)?.unread ?? 0;
  state.markSeen();
  const c = state.convs.get(id);
  if (c?.kind === 'room') lastRoom = c.name;
  if (changed) {
    composer.setValue(drafts[id] ?? '');
    const resumed = readingAt.has(id);
    showConversation();
    // opened where it was being read: the jump button says how many came since, as it would have while open
    if (resumed && !list.isStuck && came > 0) {
      newCount = came;
      renderJump();
    }
    if (c?.kind === 'room') post({ type: 'activeRoom', room: c.name });
    const aside = editsAside.get(id);
    editsAside.delete(id);
    // (its message still there, not deleted meanwhile, and the room not started anew: the key would be another's)
    const e = aside && c ? c.rows.find((r) => r.key === aside.key)?.entry : undefined;
    if (aside && e?.type === 'message' && !e.deleted && e.seq === aside.e.seq) editInComposer(e, aside.text);
  }
  saveState({ activeRoom: id, drafts });
  renderChrome();
}

/** Where each conversation left was being read, away from its end: its first row in view and that row's top. */
const readingAt = new Map<string, { key: string; offset: number }>();

/**
 * Shows the active conversation: where it was being read when it was left, away from its end; else (`atNew`) at its
 * "New" line if it has one; else at its end.
 */
function showConversation(atNew = true): void {
  const rows = state.shownRows();
  list.setItems(rows);
  const from = state.convs.get(state.active)?.newFrom;
  const at = readingAt.get(state.active);
  readingAt.delete(state.active);
  // (where the user was reading back, before the "New" line of what came meanwhile: the jump button leads there)
  if (at && rows.some((r) => r.key === at.key)) list.scrollToKey(at.key, false, at.offset);
  else if (from !== undefined && atNew) list.scrollToKey(from);
  search.refresh(true); // an open search looks in the conversation now shown
  newCount = 0;
  renderJump();
  empty.hidden = rows.length > 0;
  renderHints();
}

/** Away from the end of the list, a button goes back to it: "Jump to latest", or how many came since. */
function renderJump(): void {
  jump.hidden = list.isStuck;
  const t = jump.querySelector('.jump-text');
  if (t) t.textContent = newCount === 0 ? 'Jump to latest' : newCount === 1 ? '1 new message' : `${newCount} new messages`;
}

/**
 * What the message list says when it has nothing to show, and the composer's placeholder: where a line goes,
 * or, in no room, that only a command can go out (and only while connected).
 */
function renderHints(): void {
  const c = state.convs.get(state.active);
  const connected = state.status === 'connected';
  // (before the first snapshot the status banner says it is connecting: not twice)
  const text = !loaded ? '' : c ? 'No messages yet. Say hello!' : connected ? 'You are not in any room. Type /join #room' : 'No room open.';
  if (empty.textContent !== text) empty.textContent = text;
  if (c && state.outOfRoom) {
    composer.setPlaceholder(`Not in ${c.kind === 'room' ? `#${c.name}` : 'the room'} any more: what was said stays here to read`, 'Message');
  } else if (c) {
    const where = c.kind === 'room' ? `#${c.name}` : c.name;
    if (c.kind === 'room') composer.setPlaceholder(`Message #${c.name} (Enter to send, / for commands)`, `Message ${where}`, `Message #${c.name}`);
    else composer.setPlaceholder(`Message ${c.name} directly`, `Message ${where}`);
  } else if (loaded && connected) {
    composer.setPlaceholder('Type /join #room to enter a room', 'Command');
  } else {
    composer.setPlaceholder('', 'Message');
  }
}

/** How many times the chrome was drawn (the test hook's: a drawing that changes nothing leaves no trace in the page). */
let chromeDrawn = 0;

function renderChrome(): void {
  chromeDrawn++;
  const c = state.convs.get(state.active);
  const hadKeyboard = document.activeElement;
  renderHints();
  renderTabs(tabs, state, activate, closeDm);
  tabsMore.update();
  // a tab panel named after its tab, while a tab is selected (in no conversation there is none)
  const selected = tabs.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
  if (selected) {
    conversationPanel.setAttribute('role', 'tabpanel');
    conversationPanel.setAttribute('aria-labelledby', selected.id);
  } else {
    conversationPanel.removeAttribute('role');
    conversationPanel.removeAttribute('aria-labelledby');
  }
  const title = `TCP Chat${c ? `: ${c.kind === 'room' ? '#' : ''}${c.name}` : ''}`;
  if (heading.textContent !== title) heading.textContent = title;
  renderTopic(topic, c, state.outOfRoom);
  renderStatus(status, state, () => {
    post({ type: 'tryAgain' });
    composer.focus(); // (its button goes with the status it was for)
  });
  // (counted down while the client waits to try again; stopped once it is connected, or the wait is over)
  retryCountdown.to(state.status === 'connected' ? undefined : state.retry?.at);
  sayStatus();
  const membersHadFocus = members.contains(document.activeElement);
  renderMembers(members, state, c, messageDirectly);
  memberKeys.afterRender(membersHadFocus);
  const people = c?.kind === 'room' && !state.outOfRoom && c.members.length > 0 ? String(c.members.length) : '';
  const stale = people ? membersAsOf(state) : '';
  if (membersCount.textContent !== people || membersStale !== stale) {
    membersCount.textContent = people;
    membersStale = stale;
    syncMembersButton();
  }
  renderTyping(typing, state, c);
  invite.hidden = !state.address;
  setLabel(invite, state.address ? `Copy invite (${state.hosting ? 'you are hosting at ' : ''}${state.address})` : 'Copy invite');
  saveBtn.hidden = !state.convs.has(state.active); // (a conversation to save)
  joinBtn.hidden = state.status !== 'connected'; // (a server to ask)
  hostingMark.hidden = !state.hosting;
  const total = state.totalUnread();
  if (loaded && (total !== lastUnread || received !== lastThrough)) {
    lastUnread = total;
    lastThrough = received;
    post({ type: 'unread', count: total, through: received });
  }
  saveStateLater({ seen: state.seen, seenDms: state.seenDms, ...(loaded ? { dmsUpTo: state.newestDm() } : {}) });
  scheduleTypingExpiry();
  keepKeyboard(hadKeyboard);
}

/**
 * The keyboard on a control the chrome just took away (the tab and the members of a room left, + while the
 * connection is away, Save with no conversation left) goes to the composer. It fell to the page's body, where a
 * screen reader said nothing and the next Tab began again from the top.
 */
function keepKeyboard(had: Element | null): void {
  if (!(had instanceof HTMLElement) || had === document.body) return;
  if (had.isConnected && had.closest('[hidden]') === null) return;
  const now = document.activeElement;
  if (now === had || now === document.body || now === null) composer.focus();
}

/** The banner's countdown to the client's next attempt to connect: its words move on in place, not read out. */
const retryCountdown = new RetryCountdown(() => tickStatus(status, state));

/** The connection as it was last read out: its status, and whether it is waited for or Try Again is offered. */
let statusHeard: { key: string; status: string } | undefined;
/**
 * Reads a change of the connection out, once: lost (reconnecting), closed, given up on, back again. Not every new
 * word of the banner (its "reconnecting in 2.4 s..." changes at each attempt), nor what the panel opened on.
 */
function sayStatus(): void {
  const again = connectedBefore;
  if (state.status === 'connected') connectedBefore = true;
  if (!loaded) return;
  const key = JSON.stringify([state.status, state.outOfRoom, state.canRetry, state.waiting]);
  const before = statusHeard;
  if (before?.key === key) return;
  statusHeard = { key, status: state.status };
  if (before === undefined) return;
  if (state.status !== 'connected') say(statusWords(state));
  // (a first connection that waited for its host to start the room is no coming back)
  else if (before.status !== 'connecting') say(again ? 'Connected again.' : 'Connected.');
}
/** Whether the panel has been connected to a room yet. */
let connectedBefore = false;

/** At midnight "Today" becomes "Yesterday": the rendered date lines are renamed. */
function renameDaysAtMidnight(): void {
  const next = new Date();
  next.setHours(24, 0, 1, 0);
  setTimeout(() => {
    list.rerenderAll();
    renameDaysAtMidnight();
  }, next.getTime() - Date.now());
}
renameDaysAtMidnight();

let typingTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleTypingExpiry(): void {
  if (typingTimer !== undefined) clearTimeout(typingTimer);
  typingTimer = undefined;
  const next = state.nextTypingExpiry();
  if (next === Infinity) return;
  typingTimer = setTimeout(() => {
    typingTimer = undefined;
    renderChrome();
  }, Math.max(50, next - Date.now() + 20));
}

function announce(c: Conversation, msg: ServerMessage): void {
  // what changes the room for you, said in words (a topic, your role): the rows show it, a reader heard nothing.
  // Not what a room's entry replays (up to the room's stateAt: its history's topics and roles are old news) nor a
  // topic you set yourself.
  if ((msg.type === 'topic' || msg.type === 'role') && isReplayed(c, msg.seq)) return;
  if (msg.type === 'topic' && c.id === state.active && msg.by !== state.nick) return say(msg.topic ? `${msg.by} set the topic: ${msg.topic.slice(0, 300)}` : `${msg.by} cleared the topic`);
  if (msg.type === 'role' && msg.nick === state.nick) return say(`${msg.by} made you ${msg.role === 'op' ? 'an operator' : msg.role === 'owner' ? 'the owner' : 'a member'} in #${c.name}`);
  if (msg.type === 'error' || msg.type === 'info' || msg.type === 'shutdown') {
    // the server's answer (a refusal, /help's lines, the room closing): the notice it became, as shown
    const e = c.rows.at(-1)?.entry;
    if (e?.type === 'notice') say(e.text, e.level === 'error');
    return;
  }
  if (msg.type === 'react' && c.id === roomId(msg.room)) return heardReaction(c, msg);
  if ((msg.type === 'join' || msg.type === 'leave' || msg.type === 'nick' || msg.type === 'kick') && c.id === roomId(msg.room)) return heardMember(c, msg);
  // (the person of a direct conversation renamed: it goes on under the new name, with the rename's line)
  if (msg.type === 'nick' && c.kind === 'dm') return heardMember(c, msg);
  if (msg.type !== 'message' && msg.type !== 'dm') return;
  if (msg.from === state.nick) return;
  const where = whereHeard(c);
  // (the hidden characters of a name named, as the row's name does: `ali U+200B ce` was read "alice")
  const from = spokenText(msg.from, true);
  heard.add({ text: heardText(from, msg), from, where, ...(msg.type === 'message' ? { row: state.eventKey(c, msg.seq) } : {}) });
}

/** A new message as it is read out, by `from` (its author as spoken). */
function heardText(from: string, m: Pick<Extract<ServerMessage, { type: 'message' }>, 'kind' | 'text' | 'code'>): string {
  // (the words the row shows, not its Markdown: `**`, backticks, whole addresses and `:tada:` were read out; of a
  // long text the start, which is all that is read)
  const words = m.kind === 'code' ? '' : markdownText(m.text.slice(0, 1000), m.kind === 'action');
  const text = m.kind === 'action' ? `* ${from} ${words}` : m.kind === 'code' ? `${from} shared code${m.code?.path ? ' from ' + m.code.path : ''}` : `${from}: ${words}`;
  return text.slice(0, 300);
}

/**
 * Whether `msg` edits a message still waiting to be read out (in the frame it came, in the replay that brought it):
 * it is read with its words now, and its edit is no news (it was read with its old words, then, once a replay was
 * over, its edit).
 */
function reworded(msg: ServerMessage): boolean {
  if (msg.type !== 'edit') return false;
  const c = state.convs.get(roomId(msg.room));
  const m = state.roomMessage(msg.room, msg.target);
  if (!c || !m || m.deleted) return false;
  return heard.reword(state.eventKey(c, msg.target), heardText(spokenText(m.from, true), { kind: m.kind, text: msg.text }));
}

/** Commands typed in one conversation whose answer comes as an event in another (commandAnswers.ts). */
const commandAnswers = new CommandAnswers();

/**
 * Event `e`, by you, answers a command typed in a conversation that gets no such event (`/ban bob` in #dev, bob
 * only in #general; a `/topic` typed in a direct conversation): said there too, as a notice, read out if on show.
 */
function answerElsewhere(e: RoomEvent): void {
  const inRoom = (id: string, nick: string): boolean => {
    const c = state.convs.get(id);
    return c?.kind === 'room' && c.members.some((m) => m.nick === nick);
  };
  const id = commandAnswers.answer(e, state.nick, roomId(e.room), inRoom);
  const c = id === undefined ? undefined : state.addNotice('info', answerWords(e), id);
  if (!c || c.id !== state.active) return;
  say(answerWords(e));
  listDirty = true;
  scheduleFrame();
}

/** Where what is read out happened: '' in the conversation on show, else " in #dev" or " (direct message)". */
function whereHeard(c: Conversation): string {
  return c.id === state.active ? '' : c.kind === 'room' ? ` in #${c.name}` : ' (direct message)';
}

/**
 * Someone else's reaction to a message of yours, as it comes: "bob reacted with 👍 to your message: the first words"
 * (its chip changed, seen but never heard). In another room too, said where, as a message there is. Not a reaction
 * taken back (nor one put on and taken back before it was said), nor what a room's entry replays (it comes as
 * history). One a reconnect's replay brings (it came while away: news) is said once the replay is over, if it is
 * still on then and was not before (replayedReactions.ts).
 */
function heardReaction(c: Conversation, msg: Extract<ServerMessage, { type: 'react' }>): void {
  const said = reactionKey(c, msg);
  if (isReplayed(c, msg.seq)) {
    if (reactedToYours(c, msg)) replayedReactions.add(c.id, said, msg);
    return;
  }
  if (!msg.on) return heard.drop(said);
  sayReaction(c, msg);
}

/** Which reaction `msg` is (its message's row, who, which emoji), as `heard` and replayedReactions know it. */
function reactionKey(c: Conversation, msg: Extract<ServerMessage, { type: 'react' }>): string {
  return `${c.id} ${state.eventKey(c, msg.target)} ${msg.from} ${msg.emoji}`;
}

/** Reads reaction `msg` out, if it is someone else's to a message of yours. */
function sayReaction(c: Conversation, msg: Extract<ServerMessage, { type: 'react' }>): void {
  const m = reactedToYours(c, msg);
  if (!m) return;
  // (its first words tell which message, not all of them: the reaction is the news)
  const which = m.kind === 'code' ? `your shared code${m.code?.path ? ` from ${m.code.path}` : ''}` : `your message: ${firstWords(markdownText(m.text.slice(0, 1000), m.kind === 'action'))}`;
  const from = spokenText(msg.from, true);
  heard.add({ text: `${from} reacted with ${msg.emoji} to ${which}`.slice(0, 300), from, where: whereHeard(c), change: 'reacted', key: reactionKey(c, msg) });
}

/** The message of yours (still there) that reaction `msg` is to, when someone else's: the reactions a reader hears. */
function reactedToYours(c: Conversation, msg: Extract<ServerMessage, { type: 'react' }>): Extract<RoomEvent, { type: 'message' }> | undefined {
  if (msg.from === state.nick) return undefined;
  const m = state.roomMessage(msg.room, msg.target);
  return m && !m.deleted && state.isOwnMessage(state.eventKey(c, msg.target), m.from, c) ? m : undefined;
}

/** The replay of room `room` is over: the reactions to your messages it brought as news, read out once. */
function sayReplayedReactions(room: string): void {
  const c = state.convs.get(roomId(room));
  for (const e of replayedReactions.end(roomId(room))) if (c) sayReaction(c, e);
}

/**
 * Someone who joined, left, was renamed or kicked in the conversation on show, as its row says it ("carol joined",
 * "dave is now known as dave_w"), or the person of the direct conversation on show renamed (in a room you share):
 * a busy room's comings and goings are counted in one line with the rest. Not you (you did it), nor a room's members
 * as its entry or a reconnect replays them, nor in another room (nobody wants to hear who comes and goes in every
 * room they are in).
 */
function heardMember(c: Conversation, msg: MemberEvent): void {
  // (a replay is the room's the event came in: a direct conversation has none of its own)
  const room = state.convs.get(roomId(msg.room));
  if (c.id !== state.active || !room || isReplayed(room, msg.seq) || (msg.type === 'join' && msg.back === true)) return;
  const who = msg.type === 'nick' ? [msg.from, msg.to] : msg.type === 'kick' ? [msg.nick, msg.by] : [msg.nick];
  if (who.includes(state.nick)) return;
  // (the hidden characters of names and words named, as the row marks them)
  const text = memberWords(msg, (nick) => spokenText(nick, true), (words) => spokenText(words)).join('');
  const change = msg.type === 'join' ? 'joined' : msg.type === 'nick' ? 'renamed' : 'left';
  heard.add({ text: text.slice(0, 300), from: spokenText(who[0]!, true), where: '', change });
}

/**
 * Someone else's edit or deletion of a message drawn now (in the conversation on show), as a reader hears it: the
 * row changed in place, seen but never heard ("bob edited: the new words", "alice deleted bob's message (09:31)").
 * Not a message out of the page: seen by nobody either, and an old one's edit read out amid the talk is noise.
 * One a reconnect replays (it came while away: news, as the extension marks it; not the history a room's entry
 * replays) comes `replayedIn` its room: held until the replay is over, and said then if its message is drawn in the
 * conversation on show (sayReplayedChanges), as the messages that came meanwhile are said. Asked before the change is
 * applied: its words are of the message as it was (a deleted one's author and time).
 */
function heardChange(msg: ServerMessage): { said: ReplayedChange; replayedIn?: string } | undefined {
  if (msg.type !== 'edit' && msg.type !== 'delete') return undefined;
  const by = msg.type === 'edit' ? msg.from : msg.by;
  const c = state.convs.get(roomId(msg.room));
  if (by === state.nick || !c) return undefined;
  const replayed = isReplayed(c, msg.seq);
  const replay = replayed ? { replayedIn: c.id } : {};
  const key = state.eventKey(c, msg.target);
  const m = state.roomMessage(msg.room, msg.target);
  if (!m || m.deleted || (!replayed && (c.id !== state.active || !list.nodeFor(key)))) return undefined;
  const who = spokenText(by, true);
  if (msg.type === 'delete') {
    const whose = m.from === by ? 'a' : state.isOwnMessage(key, m.from) ? 'your' : `${spokenText(m.from, true)}'s`;
    return { said: { text: `${who} deleted ${whose} message (${formatTime(m.time)})`, from: who, where: '', change: 'deleted', key }, ...replay };
  }
  const words = markdownText(msg.text.slice(0, 1000), m.kind === 'action');
  return { said: { text: `${who} edited: ${m.kind === 'action' ? `* ${who} ${words}` : words}`.slice(0, 300), from: who, where: '', change: 'edited', key, still: () => state.active === c.id }, ...replay };
}

/** Whether `msg` deletes a message still waiting to be read out: it no longer is. */
function unsaid(msg: ServerMessage): boolean {
  const c = msg.type === 'delete' ? state.convs.get(roomId(msg.room)) : undefined;
  return c !== undefined && msg.type === 'delete' && heard.unsay(state.eventKey(c, msg.target));
}

/**
 * The replay of room `room` is over: the edits and deletions it brought as news (replayedChanges.ts), read out once,
 * each message's last, if the room is the conversation on show and the message is drawn in it now, as one that
 * happens is read.
 */
function sayReplayedChanges(room: string): void {
  const changes = replayedChanges.end(roomId(room));
  if (changes.length === 0 || state.active !== roomId(room)) return;
  // (the rows the replay brought drawn first: which messages are on show is asked of the list as it is now)
  if (listDirty) drawList();
  for (const change of changes) if (list.nodeFor(change.key)) heard.add(change);
}

/** Code shown plain for want of highlighting time (highlight.ts) so far, and the redraw that colours it, if due. */
let plainCodeSeen = 0;
let plainCodeRedraw: ReturnType<typeof setTimeout> | undefined;

/** Draws the rows again in a second when code in them was shown plain for want of highlighting time. */
function redrawPlainCode(): void {
  const refused = highlightsRefused();
  if (refused === plainCodeSeen || plainCodeRedraw !== undefined) return;
  plainCodeSeen = refused;
  plainCodeRedraw = setTimeout(() => {
    plainCodeRedraw = undefined;
    list.rerenderAll();
  }, 1000);
}

/** Incoming messages as they are read out: a burst in one line (heardMessages.ts). */
const heard = new HeardMessages((text) => say(text), (f) => requestAnimationFrame(f), () => performance.now());
/** Reactions to your messages a reconnect's replay brings, read out once it is over (replayedReactions.ts). */
const replayedReactions = new ReplayedReactions();
/** Others' edits and deletions a reconnect's replay brings, read out once it is over (replayedChanges.ts). */
const replayedChanges = new ReplayedChanges();

/** Has a screen reader read `text` out: politely, or at once (`now`: an error). The last five lines stay. */
function say(text: string, now = false): void {
  const region = now ? urgent : live;
  region.append(h('div', {}, text.slice(0, 500)));
  while (region.childElementCount > 5) region.firstElementChild?.remove();
}

// ---------------------------------------------------------------- incoming

// Live messages change the state at once but the page once per animation frame: a busy room (1,000 messages
// a second) costs one list render and one chrome render a frame, not one per message.
let frameRequested = false;
let listDirty = false;
let chromeDirty = false;

function scheduleFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    if (listDirty) drawList();
    if (chromeDirty) {
      chromeDirty = false;
      renderChrome();
    }
  });
}

/** The messages of `c` that mention `nick` (as atMentionsIn reads an `@name`) are drawn anew at the next frame. */
function redrawMentionsOf(c: Conversation, nick: string): void {
  for (const { key, entry: e } of c.rows) if ((e.type === 'message' || e.type === 'dm') && atMentionsIn(e.text, [nick]).length > 0) list.invalidate(key);
}

/** Draws the rows of the conversation on show as they are now (what came since the last frame). */
function drawList(): void {
  listDirty = false;
  const rows = state.shownRows();
  list.update(rows);
  empty.hidden = rows.length > 0;
  search.refresh(); // an open search counts and marks what came, and leaves the view where it is
}

function onServer(msg: ServerMessage, history = false): void {
  const nickBefore = state.nick;
  const roleBefore = state.role;
  const activeBefore = state.active;
  const shownBefore = state.convs.get(activeBefore);
  // your own message edited or deleted (a pasted secret): its old text leaves the composer's Up history and the
  // state the panel keeps (one Up while sharing the screen showed the deleted token again)
  const changed = (msg.type === 'edit' || msg.type === 'delete') && msg.from === state.nick ? state.roomMessage(msg.room, msg.target) : undefined;
  if (changed && !changed.deleted && composer.forgetSent(changed.kind === 'action' ? [`/me ${changed.text}`, changed.text] : [changed.text])) saveState({ drafts, sent: sentHistory });
  // (asked before the change: once applied, its row is no longer drawn). A message deleted before it was read out
  // (in the frame it came, in the replay that brought it) is not read, nor is its deletion: it was heard as its
  // words, then its deletion, once the replay was over; one edited then is read with its new words, not its edit
  const changeHeard = history || unsaid(msg) || reworded(msg) ? undefined : heardChange(msg);
  const r = state.apply(msg, !history);
  const cur = state.convs.get(state.active);
  // an edited, deleted or reacted-to message: its row is drawn anew (when its conversation is on screen)
  if ((msg.type === 'edit' || msg.type === 'delete' || msg.type === 'react') && cur && r.rows.includes(cur)) list.invalidate(state.eventKey(cur, msg.target));
  if (r.redraw && cur && r.rows.includes(cur)) list.rerenderAll(); // the reactions under a new name
  // someone mentioned before they came, or took the name: those mentions are theirs now, drawn in their colour
  if (!history && (msg.type === 'join' || msg.type === 'nick') && cur && r.rows.includes(cur)) redrawMentionsOf(cur, msg.type === 'join' ? msg.nick : msg.to);
  if (cur?.newFrom !== undefined && (msg.type === 'message' || msg.type === 'dm') && msg.from === state.nick && r.rows.includes(cur)) {
    cur.newFrom = undefined; // you answered: what was new is read
    list.rerenderAll();
  } else if (state.nick !== nickBefore || state.role !== roleBefore) list.rerenderAll(); // mentions, what you may delete
  if (r.movedDm) {
    // the conversation with someone who renamed goes on under their new name: so does what you were writing in it
    // (joined to what was written in the conversation it joins; the composer shows both if it showed either)
    const { from, to } = r.movedDm;
    if (!state.convs.has(from) && drafts[from] !== undefined) {
      const joined = drafts[to] !== undefined;
      drafts[to] = [drafts[to] ?? '', drafts[from]].filter((t) => t !== '').join('\n');
      delete drafts[from];
      if (joined && state.active === to) composer.setValue(drafts[to]);
    }
    saveState({ drafts, closedDms: state.closedDms, seenDms: state.seenDms, ...(state.active !== activeBefore ? { activeRoom: state.active } : {}) });
  }
  // (the conversation on screen renamed in place is the same one: its new row is drawn as any other)
  if (state.active !== activeBefore && state.convs.get(state.active) !== shownBefore) {
    if (r.movedDm) showConversation();
    else {
      // moved by the server (a /part of the room on show, a kick): as a switch by hand, what was typed stays with
      // the room it was typed in, the composer shows the draft of the one now on show (the next key replaced it),
      // and the extension hears which room that is
      const to = state.active;
      state.active = activeBefore;
      activate(to);
    }
  } else {
    for (const c of r.rows) {
      if (c.id !== state.active) continue;
      listDirty = true;
      scheduleFrame();
      // (the keyboard on a message: what comes no longer scrolls it out of the page, the jump button says it)
      if (list.isStuck && rowKeys.onRow && (msg.type === 'message' || msg.type === 'dm')) list.unstick();
      if (!list.isStuck && (msg.type === 'message' || msg.type === 'dm')) {
        newCount++;
        renderJump();
      }
    }
  }
  // (a room's history replayed as it is entered is not read aloud: it buried what was live under 500 old lines)
  if (!history) for (const c of r.rows) announce(c, msg);
  if (!history && isRoomEvent(msg)) answerElsewhere(msg);
  // (a room's replay over, or the room gone: what it brought of reactions to yours and of others' edits and
  // deletions is said, or forgotten)
  if (!history && msg.type === 'synced') {
    sayReplayedReactions(msg.room);
    sayReplayedChanges(msg.room);
  }
  if (msg.type === 'parted') {
    replayedReactions.end(roomId(msg.room));
    replayedChanges.end(roomId(msg.room));
  }
  if (changeHeard?.replayedIn !== undefined) replayedChanges.add(changeHeard.replayedIn, changeHeard.said);
  else if (changeHeard) heard.add(changeHeard.said);
  if (msg.type === 'room' && pendingActivate === roomId(msg.name)) {
    pendingActivate = undefined;
    activate(roomId(msg.name));
    // (the panel moved to the room joined: said, as a switch by hand is seen)
    const n = msg.members.length;
    say(`Joined #${msg.name}: ${n} ${n === 1 ? 'person' : 'people'}${msg.topic ? `. Topic: ${msg.topic.slice(0, 300)}` : ''}`);
  }
  if (msg.type === 'parted') {
    const now = state.convs.get(state.active);
    say(`Left #${msg.room}${now && state.active !== activeBefore ? `; now in ${now.kind === 'room' ? '#' : 'the conversation with '}${now.name}` : ''}`);
  }
  if (r.chrome || r.rows.length > 0) {
    chromeDirty = true;
    scheduleFrame();
  }
}

function onMessage(m: ToPanel): void {
  switch (m.type) {
    case 'snapshot': {
      const first = !loaded;
      const before = state.active;
      const typed = composer.draft;
      state.loadSnapshot(m.snapshot, first ? saved.activeRoom : before, typeof m.show === 'string' ? m.show : undefined);
      loaded = true;
      if (m.show !== undefined && state.active === m.show) saveState({ activeRoom: state.active });
      const c = state.convs.get(state.active);
      if (c?.kind === 'room') lastRoom = c.name;
      // A reload restored another room than the extension's: tell it which one the user is looking at.
      if (c?.kind === 'room' && c.name !== m.snapshot.activeRoom) post({ type: 'activeRoom', room: c.name });
      // The same conversation as before keeps what the composer holds. Text typed where there was none (while
      // the room came back) goes to the conversation there is now, after that one's own draft.
      if (first || state.active !== before) {
        // (never a direct message's text: it stays that conversation's draft rather than go to a room)
        const orphan = typed.trim() !== '' && !state.convs.has(before) && !before.startsWith('@') ? typed : '';
        if (orphan) delete drafts[before];
        const text = [drafts[state.active] ?? '', orphan].filter((t) => t !== '').join('\n');
        composer.setValue(text);
        if (orphan) {
          drafts[state.active] = text;
          saveState({ drafts });
        }
        if (first) resumeSavedEdit();
      }
      // a refresh of the conversation on screen keeps its "New" line but does not go back up to it
      showConversation(first || state.active !== before);
      renderChrome();
      return;
    }
    case 'server':
      return onServer(m.msg, m.history === true);
    case 'status': {
      if (m.status === 'connected') toldQueued = false;
      // (a room its host closed, back: "The room is back." under "The host closed the room."; the status is read out)
      const back = state.setStatus(m.status);
      state.statusText = m.text;
      state.canRetry = m.canRetry === true;
      state.waiting = m.waiting === true;
      state.retry = retryDue(m.retry, performance.now());
      if (back) list.update(state.shownRows());
      return renderChrome();
    }
    case 'notice':
      return showNotice(m.level, m.text);
    case 'activateRoom': {
      const id = roomId(m.room);
      if (state.convs.has(id)) activate(id);
      else pendingActivate = id;
      return;
    }
    case 'activateDm':
      if (typeof m.nick === 'string' && m.nick !== '') messageDirectly(m.nick);
      return;
    case 'focusComposer':
      composer.focus();
      return;
    case 'rowAction':
      // (rowAction checks again that the message may be edited, deleted...: the menu was drawn a moment ago)
      if (typeof m.key === 'string' && MENU_ROW_ACTIONS.includes(m.action)) rowAction(m.key, m.action);
      return;
    case 'chime':
      playChime();
      return;
    case 'editRefused': {
      // the server said why (a notice); the text is not lost: back in the composer, to change or to copy
      const c = state.convs.get(roomId(m.room));
      const e = c?.rows.find((r) => r.key === state.eventKey(c, m.seq))?.entry;
      if (e?.type === 'message' && !e.deleted) editInComposer(e, m.text);
      else composer.append(m.text); // (gone: the text after what is being written)
      return;
    }
    case 'roomList':
      if (!Array.isArray(m.rooms)) return;
      state.listedRooms = m.rooms;
      composer.refreshSuggestions();
      return;
    case 'sendRefused': {
      // not sent (a direct message to someone no longer here, ...): the text is not lost, it goes back where it was
      // written, after what is there now (the draft of that conversation when another one is open)
      const id = m.to !== undefined ? dmId(m.to) : roomId(m.room ?? '');
      if (id === state.active) composer.addToDraft(m.text);
      else {
        drafts[id] = drafts[id] ? `${drafts[id]}\n${m.text}` : m.text;
        saveState({ drafts, sent: sentHistory });
      }
      return;
    }
  }
}

// ---------------------------------------------------------------- events

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as ToPanel | null;
  if (m === null || typeof m !== 'object' || typeof m.type !== 'string') return;
  received++;
  onMessage(m);
});

// Links never navigate the webview: http(s) goes to the extension, path:line opens the file, the rest is inert.
function onLinkClick(ev: MouseEvent): void {
  const a = (ev.target as Element | null)?.closest?.('a');
  if (!a) return;
  ev.preventDefault();
  if (ev.type === 'auxclick' && ev.button !== 1) return;
  if (a.classList.contains('path-link')) {
    const line = Number(a.dataset.line);
    const { path = '', column, endLine } = a.dataset;
    const key = a.closest<HTMLElement>('[data-key]')?.dataset.key;
    const card = key !== undefined && path ? cardOfLink(state.shownRows(), key, path, line) : undefined;
    if (path) post({ type: 'openPath', path, line, ...(column !== undefined ? { column: Number(column) } : {}), ...(endLine !== undefined ? { endLine: Number(endLine) } : {}), ...(card ? { card } : {}) });
    return;
  }
  const href = a.getAttribute('href') ?? '';
  if (/^https?:\/\//i.test(href)) post({ type: 'openLink', href });
}
document.addEventListener('click', onLinkClick);
document.addEventListener('auxclick', onLinkClick);

jump.addEventListener('click', () => {
  list.scrollToBottom();
  composer.focus();
});
invite.addEventListener('click', () => post({ type: 'copyInvite' }));
joinBtn.addEventListener('click', () => post({ type: 'joinRoom' }));
saveBtn.addEventListener('click', () => post({ type: 'saveConversation', conversation: state.active }));
// Members show beside the messages when the panel is wide, on request when it is narrow; the button toggles.
const wideQuery = window.matchMedia('(min-width: 560px)');
function syncMembersButton(): void {
  const open = membersToggled ?? wideQuery.matches;
  app.classList.toggle('members-open', open);
  app.classList.toggle('members-closed', !open);
  membersBtn.setAttribute('aria-pressed', String(open));
  const n = membersCount.textContent;
  // (the count it shows is in its name: "3 members"; the title, the button's description, says how many: not
  // whether they show, which aria-pressed says. Not live, the count is dimmed and both say it is the last known)
  membersBtn.classList.toggle('members-stale', membersStale !== '');
  const asOf = membersStale ? `; ${membersStale[0]!.toLowerCase()}${membersStale.slice(1)}` : '';
  setLabel(membersBtn, n ? `${n} member${n === '1' ? '' : 's'}${asOf.replace('…', '')}` : 'Members', `Members${n ? ` (${n} in the room${asOf})` : ''}`);
}
membersBtn.addEventListener('click', () => {
  membersToggled = !(membersToggled ?? wideQuery.matches);
  syncMembersButton();
  // over the messages (a narrow panel), the keyboard goes into the members: Tab went on to the messages under
  // them. Beside the messages the focus stays on the button.
  if (membersToggled && !wideQuery.matches) members.querySelector<HTMLElement>('li.member[tabindex="0"]')?.focus();
});
/** In a narrow panel the members lie over the messages: they go when the user is done with them (Escape, a
 * member chosen, a click elsewhere), as a VS Code overlay does. A wide panel keeps them beside the messages.
 * Returns whether they went. */
function closeMembersOverlay(): boolean {
  if (wideQuery.matches || membersToggled !== true) return false;
  membersToggled = false;
  syncMembersButton();
  return true;
}
document.addEventListener('pointerdown', (ev) => {
  const t = ev.target;
  if (t instanceof Node && !members.contains(t) && !membersBtn.contains(t)) closeMembersOverlay();
});
// ...and when the keyboard leaves them (Tab on to the composer left them over the messages)
members.addEventListener('focusout', (ev) => {
  const to = ev.relatedTarget;
  if (to instanceof Node && !members.contains(to) && !membersBtn.contains(to)) closeMembersOverlay();
});
wideQuery.addEventListener('change', () => {
  membersToggled = undefined;
  syncMembersButton();
});
syncMembersButton();
tabKeys(tabs);
tabWheel(tabs);
findBtn.addEventListener('click', () => (search.isOpen ? search.close() : search.open()));
// Ctrl+F / Cmd+F: find in the whole conversation (VS Code's find widget would see only the rows in the page)
document.addEventListener('keydown', (ev) => {
  if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey && ev.key.toLowerCase() === 'f') {
    ev.preventDefault();
    closeMembersOverlay(); // (lying over the messages, they would hide the search bar's count and buttons)
    if (!search.isOpen) searchFromRow = rowKeyOf(document.activeElement);
    search.open(window.getSelection()?.toString().trim().split('\n')[0]);
  } else if (ev.altKey && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') && !ev.isComposing && !ev.defaultPrevented) {
    // Alt+Up / Alt+Down: the conversation before or after this one (as in the tabs), from anywhere in the panel
    const ids = state.shownConvs().map((c) => c.id);
    if (ids.length < 2) return;
    ev.preventDefault();
    const i = ids.indexOf(state.active);
    const next = ids[(i + (ev.key === 'ArrowUp' ? -1 : 1) + ids.length) % ids.length];
    if (next === undefined) return;
    const onTabs = tabs.contains(document.activeElement);
    activate(next);
    // the keyboard goes with the selection on the tabs (it stayed on the tab left, Enter there went back), and
    // one left on nothing goes to the composer (from a room's members to a direct conversation, which has none)
    if (onTabs) tabs.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    else keyboardToComposer();
  }
});
document.addEventListener('visibilitychange', () => {
  state.visible = document.visibilityState !== 'hidden';
  if (state.visible) {
    const before = state.convs.get(state.active)?.newFrom;
    state.markSeen();
    if (state.convs.get(state.active)?.newFrom !== before) list.rerenderAll();
    renderChrome();
  }
});

// Test and benchmark hook: read-only facts about the list (no behaviour depends on it).
(window as unknown as { __tcpChat: object }).__tcpChat = {
  renderedRows: () => list.renderedCount(),
  countingDown: () => retryCountdown.running,
  rowCount: () => state.convs.get(state.active)?.rows.length ?? 0,
  chromeDrawn: () => chromeDrawn,
};

// VS Code gives the panel the keyboard (Show Chat, Host Chat with no editor open, a click on its tab) but to no
// element in it: what was typed next went nowhere. The composer takes it then; a row or a control that had it
// keeps it (RowKeys gives a row its focus back first).
function keyboardToComposer(): void {
  if (document.hasFocus() && (document.activeElement === null || document.activeElement === document.body)) composer.focus();
}
window.addEventListener('focus', keyboardToComposer);

showConversation();
renderChrome();
keyboardToComposer();
post({ type: 'ready' });
