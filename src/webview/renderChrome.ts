// Everything around the message list: conversation tabs with unread badges, topic line, status banner,
// members (roles, who is typing), and the "is typing" line above the composer.
import type { Member, Role } from '../shared/panelMessages';
import { formatTime, fullTime, h, icon, nickEl, setLabel, spokenText, textEl } from './dom';
import { emojifyNames, linkifyPaths, linkifyUrls } from './markdown';
import type { ChatState, Conversation } from './state';
import type { IconName } from './iconNames';
import { memberActions } from './memberActions';
import { countdownWords } from './retryCountdown';

const ROLE_ICON: Record<Role, IconName> = { owner: 'star-full', op: 'shield', member: 'account' };
const ROLE_NAME: Record<Role, string> = { owner: 'owner', op: 'operator', member: 'member' };
/** Members the pane lists at most. */
export const MEMBERS_SHOWN = 500;

/**
 * The conversation tabs. A direct conversation's tab closes (`onClose`) with its ×, a middle click, or Delete
 * while it has focus; a room's does not (leaving a room is /part, Join a Room's Leave, or Leave Room on its context menu).
 */
export function renderTabs(el: HTMLElement, s: ChatState, onPick: (id: string) => void, onClose: (id: string) => void): void {
  const shown = s.shownConvs();
  if (unchanged(el, [s.active, s.role, ...shown.map((c) => [c.id, c.name, c.unread])])) return;
  // a tab drawn before is the same button, changed in place: a badge that changed in another tab (a message came
  // there) between a click's press and its release on this one's × lost the click, the tabs being drawn anew
  const before = tabButtons.get(el);
  const now = new Map<string, HTMLElement>();
  const tabs = shown.map((c) => {
    const key = `${c.id}\n${c.name}`;
    const b = before?.get(key) ?? newTab(c, onPick, onClose);
    now.set(key, b);
    showTabState(b, c, c.id === s.active);
    // a room's tab: VS Code's own context menu on it (package.json's "webview/context": Set Topic... for the owner
    // and ops, Leave Room, Join a Room...), which gets this as its command's argument; without Cut, Copy and Paste,
    // which a tab has nothing for
    if (c.kind === 'room') b.dataset.vscodeContext = JSON.stringify({ webviewSection: 'roomTab', room: c.name, myRole: s.role, preventDefaultContextMenuItems: true });
    return b;
  });
  tabButtons.set(el, now);
  if (tabs.length !== el.children.length || tabs.some((t, i) => el.children[i] !== t)) {
    // Re-rendering must not steal keyboard focus from a tab.
    const focused = el.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.conv : undefined;
    el.replaceChildren(...tabs);
    // (its conversation gone, a room left from its tab's menu: the selected tab has it, not the page, where the
    // keys did nothing)
    if (focused !== undefined) (tabs.find((t) => t.dataset.conv === focused) ?? tabs.find((t) => t.dataset.conv === s.active))?.focus();
  }
  // a narrow panel shows only some tabs: the selected one is in view whenever the selection changes (and
  // otherwise the list stays where the wheel left it)
  if (el.dataset.shown !== s.active) {
    el.dataset.shown = s.active;
    tabs.find((t) => t.dataset.conv === s.active)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

/** The id of the element that shows the open conversation: the tabs' tab panel (main.ts names it after the tab). */
export const CONVERSATION_PANEL = 'conversation';
/** Tabs made so far (a tab is `tab-<n>`, the id its panel is labelled by). */
let tabIds = 0;

/** The tab buttons each tab list shows, by conversation and name (a DM's × says the name: a new name, a new tab). */
const tabButtons = new WeakMap<HTMLElement, Map<string, HTMLElement>>();

type Conv = ReturnType<ChatState['shownConvs']>[number];

/** A conversation's tab: its name and what it does; what changes (selected, unread) is showTabState's. */
function newTab(c: Conv, onPick: (id: string) => void, onClose: (id: string) => void): HTMLElement {
  const b = h('button', { class: 'tab', type: 'button', role: 'tab', id: `tab-${++tabIds}`, 'aria-controls': CONVERSATION_PANEL, 'data-conv': c.id },
    h('span', { class: 'tab-prefix', 'aria-hidden': 'true' }, c.kind === 'room' ? '#' : '@'),
    c.kind === 'room' ? textEl(c.name, 'tab-name') : nickEl(c.name, 'tab-name'));
  b.addEventListener('click', () => onPick(c.id));
  if (c.kind === 'dm') {
    // not a button of its own (no button in a button): the keyboard closes the tab with Delete
    const x = h('span', { class: 'tab-close', title: `Close (Delete); a new message from ${c.name} opens it again`, 'aria-hidden': 'true' }, icon('close'));
    x.addEventListener('click', (ev) => {
      ev.stopPropagation();
      onClose(c.id);
    });
    b.append(x);
    b.setAttribute('aria-keyshortcuts', 'Delete');
    b.addEventListener('auxclick', (ev) => {
      if (ev.button === 1) onClose(c.id);
    });
    b.addEventListener('keydown', (ev) => {
      if (ev.key === 'Delete') onClose(c.id);
    });
  }
  return b;
}

/** Whether tab `b` is the selected one and its unread count (a badge before the ×). */
function showTabState(b: HTMLElement, c: Conv, selected: boolean): void {
  // (the hidden characters its name shows marked, named: `ali U+200B ce` was read "alice")
  const label = `${c.kind === 'room' ? 'Room ' : 'Direct messages with '}${spokenText(c.name, true)}${c.unread ? `, ${c.unread} unread` : ''}`;
  b.className = `tab${selected ? ' selected' : ''}${c.unread ? ' has-unread' : ''}`;
  const attrs = { 'aria-selected': String(selected), tabindex: selected ? '0' : '-1' };
  for (const [k, v] of Object.entries(attrs)) if (b.getAttribute(k) !== v) b.setAttribute(k, v);
  setLabel(b, label);
  let badge = b.querySelector<HTMLElement>(':scope > .badge');
  if (!c.unread) {
    if (badge?.previousSibling?.nodeType === Node.TEXT_NODE) badge.previousSibling.remove();
    return badge?.remove();
  }
  if (!badge) {
    badge = h('span', { class: 'badge', 'aria-hidden': 'true' });
    // (a space, drawn as nothing between a flex box's items: the name and the count are two words, not
    // "release2", in the text a voice command matches against the tab's name)
    const close = b.querySelector(':scope > .tab-close');
    b.insertBefore(document.createTextNode(' '), close);
    b.insertBefore(badge, close);
  }
  const n = c.unread > 99 ? '99+' : String(c.unread);
  if (badge.textContent !== n) badge.textContent = n;
}

/**
 * What an element drew last, as a key: drawn anew only when it changes. Every message, typing notice and presence
 * change redrew the tabs and the members, and a click whose press and release fell on either side of a redraw
 * went to no button (a tab, a tab's ×, a member's envelope did nothing in a busy room).
 */
const drawn = new WeakMap<HTMLElement, string>();

/** Whether `el` shows what `key` says already; if not, it is taken as shown from now on (the caller draws it). */
function unchanged(el: HTMLElement, key: unknown): boolean {
  const k = JSON.stringify(key);
  if (drawn.get(el) === k) return true;
  drawn.set(el, k);
  return false;
}

/** The mouse wheel scrolls the tab list sideways (it has no scroll bar: a narrow panel hides tabs to its right). */
export function tabWheel(el: HTMLElement): void {
  el.addEventListener('wheel', (ev) => {
    if (ev.deltaX !== 0 || ev.deltaY === 0 || el.scrollWidth <= el.clientWidth) return;
    ev.preventDefault();
    el.scrollLeft += ev.deltaY;
  }, { passive: false });
}

/**
 * Buttons over either end of the tab list for the tabs a narrow panel does not show (it has no scroll bar):
 * each shows only while tabs lie that way, with a dot when an unread conversation is among them, and brings
 * the nearest of them (an unread one first) into view. They lie over the list (`wrap` holds all three), so
 * showing one moves no tab. Not tab stops: the keyboard has Left/Right in the list. `update()` after the tabs
 * are drawn; scrolling and resizing update them too.
 */
export function tabOverflow(el: HTMLElement): { wrap: HTMLElement; update: () => void } {
  /** Tabs cut by more than a few pixels on that side. */
  const hiddenTabs = (side: 'before' | 'after'): HTMLElement[] => {
    const box = el.getBoundingClientRect();
    return Array.from(el.querySelectorAll<HTMLElement>('[role="tab"]')).filter((t) => {
      const r = t.getBoundingClientRect();
      return side === 'after' ? r.right > box.right + 4 : r.left < box.left - 4;
    });
  };
  const make = (side: 'before' | 'after'): HTMLElement => {
    const b = h('button', { class: `icon-button tabs-more tabs-more-${side}`, type: 'button', tabindex: '-1', hidden: '' }, icon(side === 'before' ? 'chevron-left' : 'chevron-right'));
    b.addEventListener('click', () => {
      const hidden = hiddenTabs(side);
      // (nearest first: on the left, the last of them)
      const near = side === 'after' ? hidden : hidden.reverse();
      const target = near.find((t) => t.classList.contains('has-unread')) ?? near[0];
      target?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
    return b;
  };
  const before = make('before');
  const after = make('after');
  const wrap = h('div', { class: 'tabs-wrap' }, el, before, after);
  const update = (): void => {
    for (const [b, side] of [[before, 'before'], [after, 'after']] as const) {
      const hidden = hiddenTabs(side);
      const unread = hidden.filter((t) => t.classList.contains('has-unread')).length;
      const label = `${hidden.length} more conversation${hidden.length === 1 ? '' : 's'} to the ${side === 'after' ? 'right' : 'left'}${unread ? `, ${unread} with unread messages` : ''}`;
      b.hidden = hidden.length === 0;
      b.classList.toggle('has-unread', unread > 0);
      setLabel(b, label);
    }
  };
  el.addEventListener('scroll', update, { passive: true });
  new ResizeObserver(update).observe(el);
  return { wrap, update };
}

/**
 * Left/Right/Home/End move the keyboard between tabs (the tab list is one tab stop); Enter or Space opens the one
 * it is on (a tab is a button). Moving does not open: a conversation opened is read, and arrowing past one to
 * reach another marked it read, its "New" line gone.
 */
export function tabKeys(el: HTMLElement): void {
  el.addEventListener('keydown', (ev) => {
    const tabs = Array.from(el.querySelectorAll<HTMLElement>('[role="tab"]'));
    const i = tabs.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    const j = ev.key === 'ArrowRight' ? (i + 1) % tabs.length : ev.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length
      : ev.key === 'Home' ? 0 : ev.key === 'End' ? tabs.length - 1 : -1;
    if (j < 0) return;
    ev.preventDefault();
    const to = tabs[j]!;
    to.focus();
    to.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });
  // out of the tab list, its tab stop is the open conversation again
  el.addEventListener('focusout', (ev) => {
    if (ev.relatedTarget instanceof Node && el.contains(ev.relatedTarget)) return;
    for (const t of el.querySelectorAll<HTMLElement>('[role="tab"]')) t.tabIndex = t.getAttribute('aria-selected') === 'true' ? 0 : -1;
  });
  el.addEventListener('focusin', (ev) => {
    // (the tab the keyboard is on is the tab stop while it is there: Shift+Tab and back comes to it)
    if (!(ev.target instanceof HTMLElement) || ev.target.getAttribute('role') !== 'tab') return;
    for (const t of el.querySelectorAll<HTMLElement>('[role="tab"]')) t.tabIndex = t === ev.target ? 0 : -1;
  });
}

/** The topic bar; `outOfRoom`: the window left the room (no /topic to suggest). */
export function renderTopic(el: HTMLElement, c: Conversation | undefined, outOfRoom = false): void {
  el.removeAttribute('title');
  if (!c) return el.replaceChildren();
  if (c.kind === 'dm') {
    el.replaceChildren(icon('mail'), h('span', { class: 'topic-text' }, 'Direct messages with ', nickEl(c.name), ': only the two of you see them'));
  } else if (c.topic) {
    // its links and path:line mentions open as a message's do (a pull request's address is a common topic); its
    // emoji names show as their emoji, as a message's (the rest is text: a topic is no Markdown)
    const text = textEl(c.topic, 'topic-text');
    linkifyUrls(text);
    linkifyPaths(text);
    emojifyNames(text);
    el.replaceChildren(icon('megaphone'), text);
    el.title = c.topic; // a long one shows its first lines only
  } else {
    el.replaceChildren(icon('megaphone'), h('span', { class: 'topic-text muted' }, outOfRoom ? 'No topic.' : 'No topic. Set one with /topic'));
  }
}

/**
 * What the connection banner says: the client's words, else what the status is; while the client waits to try again,
 * how long is left of the wait at `now` (retryCountdown.ts).
 */
export function statusWords(s: ChatState, now = performance.now()): string {
  const st = s.status;
  if (st !== 'connected' && s.retry) return countdownWords(s.retry, now);
  const fallback = st === 'connecting' ? `Connecting${s.address ? ' to ' + s.address : ''}…` : st === 'reconnecting' ? 'Reconnecting…' : 'Disconnected';
  return s.statusText || fallback;
}

/** The banner's words as they are now (its countdown moved on), changed in place: its icon and button stay as they are. */
export function tickStatus(el: HTMLElement, s: ChatState): void {
  const text = el.querySelector('.status-text');
  const words = statusWords(s);
  if (text && text.textContent !== words) text.textContent = words;
}

/** The connection banner (hidden while connected); `onRetry`: its Try Again, when the client gave up on the room. */
export function renderStatus(el: HTMLElement, s: ChatState, onRetry: () => void): void {
  const st = s.status;
  // closed with no room to be in (left it, or none yet): a state to be in, not a failure
  const idle = s.outOfRoom;
  // (drawn anew only when it changes: every drawing of the panel's chrome, a typing notice's, replaced it, and a
  // screen reader read the status again, and Try Again lost the keyboard)
  if (unchanged(el, [st, idle, s.statusText, s.canRetry, s.waiting, s.address, s.retry?.at])) return tickStatus(el, s);
  el.className = `status-banner status-${idle ? 'idle' : st}`;
  el.hidden = st === 'connected';
  if (st === 'connected') return el.replaceChildren();
  // (closed by its host and trying to get back in: trying, as when the connection dropped)
  const trying = st !== 'closed' || s.waiting;
  const ic = idle ? icon('info') : trying ? icon('loading') : icon('debug-disconnect');
  if (trying && !idle) ic.classList.add('codicon-modifier-spin');
  el.replaceChildren(ic, h('span', { class: 'status-text' }, statusWords(s)));
  if (st === 'closed' && s.canRetry) {
    const retry = h('button', { class: 'status-retry', type: 'button' }, 'Try Again');
    retry.addEventListener('click', onRetry);
    el.append(retry);
  }
}

/** The members pane; `onMessage(nick)` opens direct messages with a member (a button beside each other member). */
export function renderMembers(el: HTMLElement, s: ChatState, c: Conversation | undefined, onMessage: (nick: string) => void): void {
  if (!c || c.kind === 'dm' || s.outOfRoom) {
    drawn.delete(el);
    el.classList.remove('members-stale');
  }
  if (!c) {
    el.replaceChildren(h('div', { class: 'members-title' }, 'Members'), h('p', { class: 'muted members-note' }, 'You are not in a room.'));
    return;
  }
  if (c.kind === 'room' && s.outOfRoom) {
    el.replaceChildren(h('div', { class: 'members-title' }, 'Members'), h('p', { class: 'muted members-note' }, `Not in #${c.name} any more.`));
    return;
  }
  if (c.kind === 'dm') {
    el.replaceChildren(h('div', { class: 'members-title' }, 'Direct messages'), h('p', { class: 'muted members-note' }, 'Messages here go only to ', nickEl(c.name), '.'));
    return;
  }
  const typing = new Set(s.typingIn(c));
  // (who is typing changes in place: a pane drawn anew for it took the keyboard's member away and gave it back,
  // and a screen reader read that member again at every typing notice. What the pane shows is read without
  // sorting: every message and typing notice draws the chrome, and sorted 1,000 members each time, 16 ms)
  const asOf = membersAsOf(s);
  if (unchanged(el, `${c.id}\n${s.nick}\n${s.role}\n${asOf}\n${s.membersAsOf}\n${c.members.map((m) => `${m.role} ${m.away === true ? 1 : 0} ${m.nick}`).join('\n')}`)) return markTyping(el, typing);
  const order: Record<Role, number> = { owner: 0, op: 1, member: 2 };
  const members = c.members.slice().sort((a, b) => order[a.role] - order[b.role] || NICK_ORDER.compare(a.nick, b.nick));
  // a big room lists its first MEMBERS_SHOWN (owners and ops first), and says how many more: every drawing of
  // the pane built them all (30,000 members cost 3 s a message)
  const shown = members.slice(0, MEMBERS_SHOWN);
  // each member's item made once for what it shows, and kept while it shows that (a join, a leave or an away
  // rebuilt all 500: 28 ms, and the layout of them all again, at every change in a busy room)
  const before = memberItems.get(el);
  const kept = new Map<string, HTMLElement>();
  const items = shown.map((m) => {
    const key = JSON.stringify([c.name, m.nick, m.role, m.away === true, s.nick, s.role]);
    const li = before?.get(key) ?? memberItem(c.name, m, s, onMessage);
    kept.set(key, li);
    return li;
  });
  memberItems.set(el, kept);
  const title = `Members (${members.length})`;
  const more = members.length - items.length;
  const note = more > 0 ? `and ${more.toLocaleString('en-US')} more (/who lists them all)` : '';
  const list = el.querySelector<HTMLElement>(':scope > ul.member-list');
  const head = el.querySelector<HTMLElement>(':scope > .members-title');
  if (!list || !head) {
    el.replaceChildren(h('div', { class: 'members-title' }, title), h('ul', { class: 'member-list', 'aria-label': 'Members' }, ...items));
    if (note) el.append(h('p', { class: 'muted members-note' }, note));
  } else {
    if (head.textContent !== title) head.textContent = title;
    inOrder(list, items);
    const p = el.querySelector<HTMLElement>(':scope > p.members-note');
    if (!note) p?.remove();
    else if (!p) el.append(h('p', { class: 'muted members-note' }, note));
    else if (p.textContent !== note) p.textContent = note;
  }
  showAsOf(el, asOf, s.membersAsOf);
  markTyping(el, typing);
}

/**
 * What the members pane says of its list while it is not live: the connection dropped, and what it shows is who was
 * there then (a user read it as who is online now), until the server's lists come after the rejoin. '' while live.
 */
export function membersAsOf(s: ChatState): string {
  if (!s.membersStale) return '';
  const when = s.membersAsOf === undefined ? 'Last known' : `Last known at ${formatTime(s.membersAsOf)}`;
  // (a room whose host closed it is waited for as a dropped connection is; one given up on is not)
  return `${when}; ${s.status === 'closed' && !s.waiting ? 'not connected' : 'reconnecting…'}`;
}

/**
 * Marks members pane `el` as showing the last known members (`asOf`: membersAsOf's words, '' while live): dimmed,
 * a line under its title that says so (its full date and time in its title), and the list named so for a screen
 * reader, which reads its name as the keyboard goes into it.
 */
function showAsOf(el: HTMLElement, asOf: string, at: number | undefined): void {
  el.classList.toggle('members-stale', asOf !== '');
  const list = el.querySelector<HTMLElement>(':scope > ul.member-list');
  list?.setAttribute('aria-label', asOf ? `Members, ${asOf.replace('…', '')}` : 'Members');
  let p = el.querySelector<HTMLElement>(':scope > p.members-asof');
  if (!asOf) return p?.remove();
  if (!p) {
    p = h('p', { class: 'muted members-asof' }, icon('debug-disconnect'), h('span', {}));
    el.querySelector(':scope > .members-title')?.after(p);
  }
  const text = p.lastElementChild!;
  if (text.textContent !== asOf) text.textContent = asOf;
  if (at === undefined) p.removeAttribute('title');
  else p.title = `Who was in the room at ${fullTime(at)}, when the connection dropped: who is there now shows once it is back.`;
}

/** Nicknames in the members pane's order: user2 before user10, Bob beside bob (one collator for every compare). */
const NICK_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Per members pane, its items by what each shows (see renderMembers). */
const memberItems = new WeakMap<HTMLElement, Map<string, HTMLElement>>();

/** A member's item in the pane. */
function memberItem(room: string, m: Member, s: ChatState, onMessage: (nick: string) => void): HTMLElement {
  // the title names the member too: a long nickname is cut off in a narrow pane. It is the item's name to a screen
  // reader as well: the hidden characters the pane marks are named in it (`ali U+200B ce` was read "alice"), and
  // yourself is "you", as the pane shows
  const title = `${spokenText(m.nick, true)} (${m.nick === s.nick ? 'you, ' : ''}${ROLE_NAME[m.role]}${m.away ? '; away: their connection dropped, their seat is kept for a while' : ''})`;
  return h('li', { class: `member role-${m.role}${m.away ? ' away' : ''}`, title, 'data-nick': m.nick, tabindex: '-1', 'data-vscode-context': memberContext(room, m, s), 'aria-description': memberKeysHint(m, s) },
    icon(ROLE_ICON[m.role], ROLE_NAME[m.role]),
    nickEl(m.nick),
    m.nick === s.nick ? h('span', { class: 'muted you' }, '(you)') : null,
    m.away ? h('span', { class: 'muted member-away' }, 'away') : null,
    m.nick === s.nick ? null : dmButton(m.nick, onMessage));
}

/**
 * What the keyboard does on a member, for a screen reader to say after the name (aria-description): the member's
 * context menu (Make Operator, Kick..., Ban...) is reached by Shift+F10 only, and nothing said it was there. Its
 * items as package.json's menus show them for your role and theirs (memberActions).
 */
export function memberKeysHint(m: { nick: string; role: Role }, s: { nick: string; role: Role }): string | undefined {
  const actions = memberActions(m, s);
  if (actions.length === 0) return undefined; // (yourself: nothing to do from here)
  return `Enter messages them directly, M mentions them, Shift+F10 for ${actions.join(', ')}.`;
}

/** Puts `items` in `list` in that order, moving only what is out of place, and takes out the rest. */
function inOrder(list: HTMLElement, items: readonly HTMLElement[]): void {
  let at = list.firstChild;
  for (const li of items) {
    if (at === li) at = at.nextSibling;
    else list.insertBefore(li, at);
  }
  while (at) {
    const next = at.nextSibling;
    at.remove();
    at = next;
  }
}

/**
 * What VS Code's context menu on a member gets (package.json's "webview/context": Message Directly; for the owner
 * Make / Remove Operator; Kick... and Ban... for whom your role may put out, as the server's rules say): the
 * menu's `when` reads the roles, the command the room and the name. The server decides in the end.
 */
function memberContext(room: string, m: { nick: string; role: Role }, s: ChatState): string {
  return JSON.stringify({ webviewSection: 'member', room, nick: m.nick, memberRole: m.role, myRole: s.role, memberIsYou: m.nick === s.nick, preventDefaultContextMenuItems: true });
}

/** Marks the members of pane `el` who are `typing` (after their name and away mark, before the message button). */
function markTyping(el: HTMLElement, typing: ReadonlySet<string>): void {
  for (const li of el.querySelectorAll<HTMLElement>('li.member')) {
    const mark = li.querySelector('.member-typing');
    const is = typing.has(li.dataset.nick ?? '');
    if (is && !mark) li.insertBefore(h('span', { class: 'member-typing', title: 'typing' }, icon('ellipsis', 'typing')), li.querySelector('.member-dm'));
    else if (!is && mark) mark.remove();
  }
}

function dmButton(nick: string, onMessage: (nick: string) => void): HTMLElement {
  const label = `Message ${spokenText(nick, true)} directly`;
  // not a tab stop (a big room would put hundreds between the messages and the composer): Enter on the member does it
  const b = h('button', { class: 'icon-button member-dm', type: 'button', title: label, 'aria-label': label, tabindex: '-1' }, icon('mail'));
  b.addEventListener('click', () => onMessage(nick));
  return b;
}

export function renderTyping(el: HTMLElement, s: ChatState, c: Conversation | undefined): void {
  const who = c ? s.typingIn(c) : [];
  if (who.length === 0) return el.replaceChildren();
  const names: (Node | string)[] = [];
  who.slice(0, 3).forEach((n, i) => {
    if (i > 0) names.push(i === who.length - 1 ? ' and ' : ', ');
    names.push(nickEl(n));
  });
  if (who.length > 3) names.push(` and ${who.length - 3} more`);
  // the names give way to "is typing…" in a narrow panel (cut with an ellipsis; the verb stays)
  el.replaceChildren(icon('ellipsis'), h('span', { class: 'typing-names' }, ...names), h('span', { class: 'typing-verb' }, who.length === 1 ? ' is typing…' : ' are typing…'));
}
