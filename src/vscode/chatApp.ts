// Ties one window's chat together: the session (server + client), the panel, the status bar, unread counts,
// mention notifications, and what a reload needs to bring the session back.

import * as vscode from 'vscode';
import type { FromPanel, PanelSnapshot, ServerMessage } from '../shared/panelMessages';
import { ChatSession, HOST_CLOSED, HOST_WAIT_MS } from './chatSession';
import { closeWindow } from './windowClosing';
import { ChatPanel, type PanelHost } from './chatPanel';
import { ChatStatusBar } from './statusBar';
import { mentions } from '../protocol/mentions';
import { isQuitLine } from '../protocol/commands';
import { deleteQuestion, mentionNotice } from './preview';
import { resolveNickname } from './nickname';
import { vscodeNickSources } from './gitName';
import { openCode, openLink, openPath } from './openCode';
import { applyChanges } from './applyChanges';
import { openCodeRequest, openPathRequest } from './openRequests';
import { readSettings } from './settings';
import { cameWhileAway, canMakeNewInvite, keyOf, parseSaved, tellNewKey, restoreDecision, toSaved, type Received, type SavedSession } from './sessionState';
import { newsToPanel, type NewsEvent } from './panelNews';
import { makeInvite, parseRecent, RECENT_KEY, rekeyedIn, renamedIn, shownAddress } from './invite';
import { HiddenUnread } from './hiddenUnread';
import { NotifyThrottle } from '../protocol/notifyThrottle';
import { noLinks } from './notificationText';
import { noticeOfUnseen } from './heldForPanel';
import { saveConversation } from './saveConversation';
import { EarlierSaves, parseEarlier } from './earlierRooms';
import type { EarlierRoom } from '../node/keptRooms';
import { bundledServer } from './laterBundles';
import { editorToFocus } from './editorToFocus';
import { showToWrite } from './roomShown';

const SAVED_KEY = 'tcpChat.session';
/** The rooms' earlier epochs a member's window keeps across a reload (earlierRooms.ts). */
const EARLIER_KEY = 'tcpChat.earlierRooms';
/**
 * How soon after a room message the window saves what it received (for a reload: what comes after is news).
 * Saving as it closes is not enough: in a browser (code-server) the storage may be gone by then. A mention in
 * the last moments before a reload may notify once more after it.
 */
const RECEIVED_SAVE_MS = 1500;
/** When the window last said it was in its saved room (see restoreDecision). */
const ALIVE_KEY = 'tcpChat.sessionAliveAt';
const HEARTBEAT_MS = 60_000;
/** What a chat action says when the window is in no room. */
export const NOT_IN_A_ROOM = 'not in a room: run "TCP Chat: Host Chat" or "TCP Chat: Join Chat"';

/** How long a room its host closed may stay away before a notification says so (a window reload: seconds). */
const CLOSED_NOTICE_AFTER_MS = 20_000;

export class ChatApp implements PanelHost, vscode.Disposable {
  readonly session = new ChatSession(bundledServer);
  readonly panel: ChatPanel;
  readonly log = vscode.window.createOutputChannel('TCP Chat', { log: true });
  readonly #statusBar = new ChatStatusBar();
  readonly #unread = new HiddenUnread<Extract<ServerMessage, { type: 'message' | 'dm' }>>();
  #shownUnread = 0;
  readonly #notifyThrottle = new NotifyThrottle();
  #toldClosed = false;
  /** Going back to the room the window was in (#resume): stopped when the user leaves, hosts or joins meanwhile. */
  #restore: { abort: AbortController; done: Promise<void>; joining: boolean } | undefined;
  /** After a reload: the direct messages the user saw before it come back, and are not news (no notification). */
  #seenDms: { session: string; upTo: number } | undefined;
  /** After a reload, what the window had received of each room when it closed (the replay after it is news). */
  #receivedBeforeReload: { session: string; rooms: Received } | undefined;
  /** Saves what the window received of its rooms a moment after it changes (a web window's last save may not land). */
  #receivedSave: NodeJS.Timeout | undefined;
  /** The last `received` saved: every save keeps it (one without it would make a reload take all as history). */
  #receivedMark: Received | undefined;
  /** What was last saved of the rooms' earlier epochs (saveEarlier writes only a change). */
  readonly #earlierSaves = new EarlierSaves();
  #shuttingDown = false;
  #heartbeat: NodeJS.Timeout | undefined;
  /** Runs out when a room its host closed has stayed away long enough to say so. */
  #closedNotice: NodeJS.Timeout | undefined;
  readonly #context: vscode.ExtensionContext;
  /** The invite of the room joined last (Join Chat sets it): a rename in it is remembered in the recent list. */
  joinedInvite: string | undefined;
  /** While New Invite waits for its new room key (it tells the user itself). */
  newInviteAsked = false;
  /** The room key of the session's state last seen (see tellNewKey). */
  #roomKey: string | undefined;
  /** Your nickname in the room as its server last said it (welcome, you). */
  #nickInRoom: string | undefined;
  /**
   * The text editor last in use, for Escape in the chat and Share Selection from the palette (the chat has the
   * focus when they are asked for: no text editor is active then).
   */
  #lastEditor = vscode.window.activeTextEditor;
  readonly #editorWatch = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e) this.#lastEditor = e;
  });
  get lastEditor(): vscode.TextEditor | undefined {
    return this.#lastEditor;
  }

  constructor(context: vscode.ExtensionContext) {
    this.#context = context;
    this.panel = new ChatPanel(context.extensionUri, this);
    this.session.on('server', (m) => this.#onServer(m));
    this.session.on('status', (status, text) => {
      const c = this.session.client;
      const retry = c?.nextAttempt;
      this.panel.post({ type: 'status', status, text, ...(c?.gaveUp ? { canRetry: true } : {}), ...(c?.waitingForHost ? { waiting: true } : {}), ...(retry ? { retry } : {}) });
      if (status === 'connected') {
        this.#toldClosed = false;
        clearTimeout(this.#closedNotice);
        this.#closedNotice = undefined;
      }
      // put out (kicked, banned): what a reload would come back to is forgotten now
      if (status === 'closed' && this.session.client?.putOut) void this.#saveSession();
      if (status === 'closed' && this.session.client?.gaveUp && this.session.state.kind === 'joined') {
        this.#offerTryAgain(this.session.state.address);
      } else if (status === 'closed' && text.startsWith(HOST_CLOSED) && !this.#toldClosed && !this.#closedNotice && this.session.state.kind === 'joined') {
        // a host reloading its window is back within seconds: say it only if the room stays away (a
        // notification cannot be taken back once the room is there again; the status bar says it meanwhile)
        const c = this.session.client;
        this.#closedNotice = setTimeout(() => {
          this.#closedNotice = undefined;
          if (this.session.client?.status !== 'closed' || this.session.state.kind !== 'joined') return;
          this.#toldClosed = true;
          void vscode.window.showInformationMessage('TCP Chat: the host closed the room; waiting for it to come back.', 'Leave Chat').then((a) => {
            // (a notification stays in the list: answered once the room came back, or in another room, it is moot)
            if (a && this.session.client === c && c?.status !== 'connected') void vscode.commands.executeCommand('tcpChat.leave');
          });
        }, CLOSED_NOTICE_AFTER_MS);
      }
      this.updateStatusBar();
    });
    this.session.on('notice', (level, text) => {
      // (in the output channel too: a notice of a closed panel is held for the next one only)
      if (level === 'error') this.log.error(text);
      else this.log.info(text);
      this.panel.post({ type: 'notice', level, text });
    });
    this.session.on('refused', (where, text) => this.panel.post({ type: 'sendRefused', ...where, text }));
    this.session.on('connecting', () => this.updateStatusBar());
    this.session.on('state', (state) => {
      void vscode.commands.executeCommand('setContext', 'tcpChat.connected', state.kind !== 'idle');
      void vscode.commands.executeCommand('setContext', 'tcpChat.hosting', state.kind === 'hosting');
      // (New Invite: the owner of a private room, hosting it or joined to it as its owner)
      void vscode.commands.executeCommand('setContext', 'tcpChat.privateOwner', canMakeNewInvite(state));
      void this.#saveSession();
      void this.#rememberKey();
      // (its owner's window: the invite it gave is dead; Copy Invite gives the one that opens the room now)
      if (tellNewKey(this.#roomKey, state, this.newInviteAsked)) {
        void vscode.window.showInformationMessage('TCP Chat: the room has a new key: the invites given before let nobody in now. Copy Invite gives the new one.', 'Copy Invite').then((a) => {
          if (a) void vscode.commands.executeCommand('tcpChat.copyInvite');
        });
      }
      this.#roomKey = keyOf(state);
      this.panel.refresh();
      this.updateStatusBar();
    });
  }

  // ------------------------------------------------------------------ panel host

  snapshot(): PanelSnapshot {
    return this.session.snapshot(this.#restore ? 'Reconnecting to your room…' : undefined);
  }

  onMessage(msg: FromPanel): void {
    switch (msg.type) {
      // (the webview's messages are checked as anything from outside is: a text that is no string threw here)
      case 'submit':
        if (typeof msg.room === 'string' && typeof msg.text === 'string') this.#submit(msg.room, msg.text, typeof msg.to === 'string' ? msg.to : undefined);
        return;
      case 'typing':
        if (typeof msg.room === 'string') this.session.client?.typing(msg.room);
        return;
      case 'activeRoom':
        if (this.session.client?.rooms.has(msg.room)) {
          this.session.activeRoom = msg.room;
          void this.#saveSession();
          this.updateStatusBar();
        }
        return;
      case 'openCode': {
        const req = openCodeRequest(msg);
        if (req) void openCode(req.code, req.text, this.panel.viewColumn).catch((e: Error) => this.error(`cannot open the shared code: ${e.message}`));
        return;
      }
      case 'applyChanges': {
        const req = openCodeRequest(msg);
        if (req) void applyChanges(req.code, req.text, this.panel.viewColumn).catch((e: Error) => this.error(`cannot apply the changes: ${e.message}`));
        return;
      }
      case 'openPath': {
        const req = openPathRequest(msg);
        if (req) void openPath(req.path, req.line, req.column, this.panel.viewColumn, req.endLine, req.card).catch((e: Error) => this.error(`cannot open ${req.path}: ${e.message}`));
        return;
      }
      case 'openLink':
        void openLink(msg.href);
        return;
      case 'copyText':
        if (typeof msg.text === 'string') {
          void vscode.env.clipboard.writeText(msg.text).then(() => vscode.window.setStatusBarMessage('$(check) TCP Chat: copied', 3000));
        }
        return;
      case 'focusEditor': {
        // (Escape in the chat: the editor last in use, where it is; the command that did it focused the chat's own
        // editor group, the chat, and the keyboard was left on nothing in it)
        const e = editorToFocus(vscode.window.visibleTextEditors, this.#lastEditor, this.panel.viewColumn);
        if (e) void vscode.window.showTextDocument(e.document, { viewColumn: e.viewColumn, preserveFocus: false });
        return;
      }
      case 'copyInvite':
        void vscode.commands.executeCommand('tcpChat.copyInvite');
        return;
      case 'unread':
        if (Number.isInteger(msg.count) && msg.count >= 0) {
          this.#showUnread(this.#unread.reset(msg.count, Number.isSafeInteger(msg.through) && msg.through >= 0 ? msg.through : undefined));
        }
        return;
      case 'edit':
        if (typeof msg.room === 'string' && Number.isSafeInteger(msg.seq) && typeof msg.text === 'string') this.#edit(msg.room, msg.epoch, msg.seq, msg.text);
        return;
      case 'delete':
        if (typeof msg.room === 'string' && Number.isSafeInteger(msg.seq)) void this.#delete(msg.room, msg.epoch, msg.seq);
        return;
      case 'tryAgain':
        this.session.client?.tryAgain();
        return;
      case 'joinRoom':
        void vscode.commands.executeCommand('tcpChat.joinRoom');
        return;
      case 'listRooms':
        void this.session.client?.listRooms().then((rooms) => rooms && this.panel.post({ type: 'roomList', rooms }));
        return;
      case 'react':
        if (typeof msg.room === 'string' && Number.isSafeInteger(msg.seq) && typeof msg.emoji === 'string') {
          if (!this.#sameRoom(msg.room, msg.epoch)) return;
          if (!this.session.client?.request({ type: 'react', room: msg.room, target: msg.seq, emoji: msg.emoji })) this.error('not connected: the reaction was not sent');
        }
        return;
      case 'saveConversation':
        if (typeof msg.conversation === 'string') void this.saveConversation(msg.conversation).catch((e: Error) => this.error(`cannot save the conversation: ${e.message}`));
        return;
      case 'ready':
        // a webview (re)loaded: what went to the one before (a reload of the webview, a panel taken over) is in the
        // snapshot it gets now, and it counts that itself; the numbers it says it had start again
        this.#unread.panelReady();
        return;
    }
  }

  /**
   * Whether room `room` is still the one of `epoch` the panel showed a message of; if not (its host started it
   * anew: the same number is another message now), says so.
   */
  #sameRoom(room: string, epoch: unknown): boolean {
    const now = this.session.client?.rooms.get(room)?.epoch;
    if (now === undefined || now === epoch) return true; // (not in it: the request fails on its own)
    this.error(`#${room} was started anew by its host: that message is from before and can no longer be changed`);
    return false;
  }

  #edit(room: string, epoch: unknown, seq: number, text: string): void {
    const c = this.session.client;
    if (!c) return this.error(NOT_IN_A_ROOM);
    if (!this.#sameRoom(room, epoch)) return;
    const long = c.tooLong(text, 'the new text');
    if (long !== undefined) return this.error(long);
    const answer = c.ask({ type: 'edit', room, target: seq, text });
    if (!answer) return this.error('not connected: the message was not changed');
    // refused (deleted meanwhile, no longer in history...): the server's error shows in the panel; the text goes back
    void answer.then((a) => {
      if (!a.ok) this.panel.post({ type: 'editRefused', room, seq, text });
    });
  }

  /** Deletes a message for everyone, after asking (nobody can bring it back). */
  async #delete(room: string, epoch: unknown, seq: number): Promise<void> {
    if (!this.#sameRoom(room, epoch)) return;
    const m = this.session.client?.rooms.get(room)?.events.find((e) => e.seq === seq);
    const from = m?.type === 'message' && m.from !== this.session.client?.nick ? m.from : undefined;
    const answer = await vscode.window.showWarningMessage(deleteQuestion(from, room), { modal: true }, 'Delete');
    const c = this.session.client;
    // (the dialog may have stayed open while the room's host started it anew)
    if (answer !== 'Delete' || !c || !this.#sameRoom(room, epoch)) return;
    if (!c.request({ type: 'delete', room, target: seq })) this.error('not connected: the message was not deleted');
  }

  /** Saves a conversation (`#room`, `@nick`; else the one the user picks) as Markdown where the user says, and opens it. */
  saveConversation(which?: string): Promise<void> {
    return saveConversation(this.snapshot(), which, this.panel.viewColumn);
  }

  onVisibility(visible: boolean): void {
    if (visible) this.updateStatusBar();
    else {
      // (what went to the panel as it closed reached no one: it counts, and its latest mention is notified)
      const mentions = this.#unread.panelGone();
      this.#showUnread(this.#unread.count);
      const last = mentions.at(-1);
      if (last) this.#notifyMention(last);
    }
  }

  // ------------------------------------------------------------------ actions

  async nickname(): Promise<string> {
    const { nick, source } = await resolveNickname(vscodeNickSources());
    this.log.info(`nickname ${nick} (from ${source})`);
    return nick;
  }

  /**
   * Leaves the current room, after asking when that closes a room others are in (and stops going back to the one
   * the window was in after a reload: it came back in 15 s later). False when the user declined.
   */
  async confirmLeave(doing: string): Promise<boolean> {
    await this.stopRestoring();
    const s = this.session.state;
    if (s.kind === 'idle') return true;
    const others = s.kind === 'hosting' ? this.session.othersHosted() : 0;
    let what = `You are in the room at ${this.session.address}. Leave it to ${doing}?`;
    if (s.kind === 'hosting') what = `You are hosting the room at ${this.session.address}${others > 0 ? ` with ${others} other${others === 1 ? '' : 's'} in it` : ''}. Close it to ${doing}?`;
    else if (this.session.client?.waitingForHost === true) what = `You are waiting for the room at ${this.session.address} to come back. Stop waiting to ${doing}?`;
    const ok = s.kind === 'hosting' ? 'Close Room' : 'Leave Room';
    const answer = await vscode.window.showWarningMessage(noLinks(what), { modal: true }, ok);
    if (answer !== ok) return false;
    await this.leave();
    return true;
  }

  async leave(): Promise<void> {
    const c = this.session.client;
    const waiting = c?.connected ? c.unacknowledged : 0;
    let stop = false;
    const leaving = this.session.leave(HOST_CLOSED, false, () => stop);
    if (waiting > 0) {
      // what was typed or pasted still goes out first, at the room's pace (it was dropped without a word)
      const what = waiting === 1 ? 'the message' : `the ${waiting} messages`;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TCP Chat: sending ${what} still on the way before leaving…`, cancellable: true }, (_p, token) => {
        token.onCancellationRequested(() => (stop = true));
        return leaving;
      });
    }
    await leaving;
    this.#receivedMark = undefined; // the next room starts with no history received
    this.#showUnread(this.#unread.reset(0));
    const unsent = c?.unsent ?? [];
    if (unsent.length > 0) {
      const n = unsent.length;
      const maybe = unsent.some((u) => u.maybeSent) ? ' (some may have reached the room)' : '';
      // (not awaited: a Host or Join after the leave goes on)
      void vscode.window.showWarningMessage(noLinks(`TCP Chat: ${n === 1 ? '1 message was' : `${n} messages were`} not sent${maybe}.`), 'Copy Them').then((answer) => {
        if (answer === 'Copy Them') void vscode.env.clipboard.writeText(unsent.map((u) => u.line).join('\n'));
      });
    }
  }

  /**
   * At a start: the room the window was in (the panel only if it was open: the serializer revives it), by
   * itself after a reload or a restart, after asking when the window was away for longer.
   */
  async restore(): Promise<void> {
    const saved = parseSaved(this.#context.workspaceState.get(SAVED_KEY));
    if (!saved || this.#restore || this.session.state.kind !== 'idle') return;
    if (restoreDecision(this.#context.workspaceState.get(ALIVE_KEY), Date.now()) === 'ask') return this.#offerRestore(saved);
    await this.#resume(saved);
  }

  /** The window was away too long to go back in by itself: forget the room, and offer it. */
  async #offerRestore(saved: SavedSession): Promise<void> {
    await this.#forgetSaved();
    const where = saved.kind === 'hosting' ? `hosting a room on port ${saved.port}` : `in the room at ${shownAddress(saved.address)}`;
    const again = saved.kind === 'hosting' ? 'Host It Again' : 'Join Again';
    const answer = await vscode.window.showInformationMessage(noLinks(`TCP Chat: this window was ${where} when it closed.`), again);
    if (answer === again && this.session.state.kind === 'idle' && !this.#restore) await this.#resume(saved);
  }

  /**
   * Stops going back to the room the window was in (its attempts go on for ~15 s after a reload), once the
   * attempt on its way has settled; false when it was not. (Leave Chat said "you are not in a room" and the
   * window went back in anyway; a room joined meanwhile got "leave the current room first" 15 s later.)
   */
  async stopRestoring(): Promise<boolean> {
    const r = this.#restore;
    if (!r) return false;
    r.abort.abort();
    // (an attempt on its way to a room that takes connections and does not answer held Leave 10 s)
    if (r.joining) this.session.cancelJoin();
    await r.done;
    return true;
  }

  /** Going back to the room the window was in (after a reload). */
  get restoring(): boolean {
    return this.#restore !== undefined;
  }

  /** Once the window is back in its room, or gave up on it (at once when it is not going back). */
  async restored(): Promise<void> {
    await this.#restore?.done;
  }

  async #resume(saved: SavedSession): Promise<void> {
    const abort = new AbortController();
    let settled = () => {};
    this.#restore = { abort, done: new Promise<void>((r) => (settled = r)), joining: saved.kind === 'joined' };
    this.updateStatusBar();
    void vscode.commands.executeCommand('setContext', 'tcpChat.restoring', true);
    // (the host's own window too: its history file gave its session's direct messages back)
    this.#seenDms = saved.session ? { session: saved.session, upTo: saved.dmSeq ?? 0 } : undefined;
    this.#receivedBeforeReload = saved.kind === 'joined' && saved.session && saved.received ? { session: saved.session, rooms: { ...saved.received } } : undefined;
    this.#receivedMark = saved.kind === 'joined' ? saved.received : undefined;
    this.panel.refresh();
    try {
      await vscode.commands.executeCommand(saved.kind === 'joined' ? 'tcpChat.join' : 'tcpChat.host', { restore: saved, signal: abort.signal });
    } finally {
      this.#restore = undefined;
      this.updateStatusBar();
      settled();
      void vscode.commands.executeCommand('setContext', 'tcpChat.restoring', false);
      this.panel.refresh();
    }
    // the command told the user why it failed (the room is gone, the port is taken and no other was picked):
    // forget the room, or every start of this window would try it again
    if (this.session.state.kind === 'idle') void this.#forgetSaved();
  }

  /** The room the host closed did not come back within HOST_WAIT_MS: the client stopped trying. */
  #offerTryAgain(address: string): void {
    const minutes = Math.round(HOST_WAIT_MS / 60_000);
    const c = this.session.client;
    void vscode.window.showWarningMessage(noLinks(`TCP Chat: the room at ${shownAddress(address)} did not come back within ${minutes} minutes.`), 'Try Again', 'Leave Chat').then((a) => {
      // (answered later, from the list of notifications: this window may be in another room by then)
      if (this.session.client !== c || c === undefined) return;
      if (a === 'Try Again') c.tryAgain();
      else if (a === 'Leave Chat') void vscode.commands.executeCommand('tcpChat.leave');
    });
  }

  /**
   * Deactivation (window closing or reloading): close the room, but remember it for the next start. A member's seat
   * is held for its return, so a reload does not show the room a leave and a join.
   */
  async shutdown(): Promise<void> {
    // what it received of each room, so that what comes while it is away is news after a reload (VS Code may
    // cancel the save: closeWindow leaves all the same)
    const save = this.session.state.kind !== 'idle' ? () => this.#saveSession(true) : undefined;
    await closeWindow(save, () => {
      this.#shuttingDown = true;
      return this.session.leave(HOST_CLOSED, true);
    });
  }

  error(text: string): void {
    this.log.error(text);
    this.panel.post({ type: 'notice', level: 'error', text });
  }

  updateStatusBar(): void {
    const c = this.session.client;
    const state = this.session.state;
    this.#statusBar.update({
      // (a hosted room's address as the machine's network is now)
      state: state.kind === 'hosting' ? { ...state, address: this.session.address } : state,
      connection: c?.status ?? 'closed',
      connectionText: c?.statusText ?? '',
      room: this.session.activeRoom,
      online: this.session.online(),
      unread: this.#unread.count,
      waitingForHost: c?.waitingForHost === true,
      ...(c?.nextAttempt ? { retryWhy: c.nextAttempt.why } : {}),
      ...(this.session.connectingTo ? { connecting: this.session.connectingTo } : this.#restore ? { connecting: 'going back to your room' } : {}),
    });
  }

  dispose(): void {
    this.#editorWatch.dispose();
    this.#beat(false);
    clearTimeout(this.#receivedSave);
    clearTimeout(this.#closedNotice);
    this.panel.dispose();
    this.#statusBar.dispose();
    this.log.dispose();
  }

  // ------------------------------------------------------------------ internals

  #submit(room: string, text: string, to: string | undefined): void {
    const c = this.session.client;
    // (a /quit with no client: what Leave Chat does then, which stops the window going back to its room after a reload)
    if (!c && isQuitLine(text)) return void vscode.commands.executeCommand('tcpChat.leave');
    if (!c) return this.error(NOT_IN_A_ROOM);
    const out = c.submit(text, room, to);
    switch (out.kind) {
      case 'local':
        for (const line of out.lines) this.panel.post({ type: 'notice', level: 'info', text: line });
        return;
      case 'error':
        this.panel.post({ type: 'notice', level: 'error', text: out.message });
        return;
      case 'quit':
        void vscode.commands.executeCommand('tcpChat.leave');
        return;
      case 'sent':
        return;
    }
  }

  #onServer(m: ServerMessage): void {
    const c = this.session.client;
    // (a room's message, reaction, edit or deletion is news live, in the replay after a reconnect or a reload; else
    // history, which the panel neither reads aloud nor counts)
    const news = newsToPanel(m, (e) => c !== undefined && (c.isNews(e.room) || this.#cameWhileReloading(e, c.sessionToken)));
    const posted = this.panel.post({ type: 'server', msg: m, ...(news ? {} : { history: true as const }) });
    // (the room's refusal of something, with no webview to show it: in the log, and held for the next webview)
    const unseen = posted === 0 ? noticeOfUnseen(m) : undefined;
    if (unseen?.type === 'notice') {
      this.log.error(unseen.text);
      this.panel.post(unseen);
    }
    // a reconnect may have started a new session, a DM moves what was seen: remember them for a reload (the first welcome is saved with the state)
    if ((m.type === 'welcome' || m.type === 'dm' || m.type === 'you') && this.session.state.kind !== 'idle') void this.#saveSession();
    // (a `you` also comes with a new role, under the same name: only a new name was chosen)
    if (m.type === 'welcome') this.#nickInRoom = m.nick;
    if (m.type === 'you' && m.nick !== this.#nickInRoom) {
      this.#nickInRoom = m.nick;
      void this.#rememberNick(m.nick);
    }
    if (!c) return;
    if ((m.type === 'message' || m.type === 'dm') && m.from !== c.nick) {
      const live = m.type === 'dm' ? !this.#seenBeforeReload(m.seq, c.sessionToken) : news;
      const room = m.type === 'message' ? m.room : undefined;
      const mention = live && (m.type === 'dm' || mentions(m.text, c.nick));
      // the sound plays in the panel's webview, so only while the panel is open (a hidden one notifies instead)
      if (mention && readSettings().sound && this.panel.visible) this.panel.post({ type: 'chime' });
      const notified = mention && this.#notifyMention(m);
      if (live && !this.panel.visible) this.#showUnread(this.#unread.add(room, m.seq));
      // (a mention not notified now is, if the panel goes before it had it)
      else if (live && posted > 0) this.#unread.posted(posted, room, m.seq, mention && !notified ? m : undefined);
    }
    if (m.type === 'message' && this.#receivedSave === undefined && this.session.state.kind === 'joined') {
      this.#receivedSave = setTimeout(() => {
        this.#receivedSave = undefined;
        if (this.session.state.kind === 'joined') void this.#saveSession(true);
      }, RECEIVED_SAVE_MS);
    }
    // the replay after the reload is over for this room: whatever comes now is live
    if (m.type === 'synced' && this.#receivedBeforeReload) delete this.#receivedBeforeReload.rooms[m.room];
    // a message deleted before anyone saw it is not news any more (the panel, when open, counts for itself)
    if (m.type === 'delete') this.#showUnread(this.#unread.deleted(m.room, m.target));
    if (m.type === 'welcome' || m.type === 'join' || m.type === 'leave' || m.type === 'kick' || m.type === 'parted' || m.type === 'room') this.updateStatusBar();
  }

  /** A new nickname of yours in a room you joined: the one to join it with again from the recent list. */
  async #rememberNick(nick: string): Promise<void> {
    const invite = this.joinedInvite;
    if (invite === undefined || this.session.state.kind !== 'joined') return;
    const recent = parseRecent(this.#context.globalState.get(RECENT_KEY));
    await this.#context.globalState.update(RECENT_KEY, renamedIn(recent, invite, nick));
  }

  /** A new room key in a room you joined (its owner's /newkey): the invite to join it with again from the recent list. */
  async #rememberKey(): Promise<void> {
    const s = this.session.state;
    const before = this.joinedInvite;
    if (s.kind !== 'joined' || s.key === undefined || before === undefined) return;
    const invite = makeInvite(s.address, s.key);
    if (invite === before) return;
    this.joinedInvite = invite;
    const recent = parseRecent(this.#context.globalState.get(RECENT_KEY));
    await this.#context.globalState.update(RECENT_KEY, rekeyedIn(recent, before, invite));
  }

  /** A room message (or reaction) of the history replayed after a reload that the window had not received before it. */
  #cameWhileReloading(m: NewsEvent, session: string | undefined): boolean {
    const r = this.#receivedBeforeReload;
    return r !== undefined && r.session === session && cameWhileAway(r.rooms, m.room, this.session.client?.rooms.get(m.room)?.epoch, m.seq);
  }

  /** A direct message the server sent again after a reload, which the user saw before it. */
  #seenBeforeReload(seq: number | undefined, session: string | undefined): boolean {
    return seq !== undefined && this.#seenDms !== undefined && this.#seenDms.session === session && seq <= this.#seenDms.upTo;
  }

  /** A mention in a room, or a direct message: a notification whose Reply opens the panel where to answer it (false: none now). */
  #notifyMention(m: Extract<ServerMessage, { type: 'message' | 'dm' }>): boolean {
    if (this.panel.visible && vscode.window.state.focused) return false;
    if (!readSettings().notifyOnMention) return false;
    const room = m.type === 'message' ? m.room : undefined;
    const conversation = m.type === 'message' ? `#${m.room}` : `@${this.session.client?.partnerOf(m) ?? m.from}`;
    if (!this.#notifyThrottle.take(conversation, Date.now())) return false;
    void vscode.window.showInformationMessage(mentionNotice(m.from, room, m.text), 'Reply').then((a) => {
      if (a !== 'Reply') return;
      // a direct message is answered in its own conversation (with the other side under the name it has now), not
      // in the room the panel shows: a private answer went to everyone there
      showToWrite(this.panel, m.type === 'message' ? { type: 'activateRoom', room: m.room } : { type: 'activateDm', nick: this.session.client?.partnerOf(m) ?? m.from });
    });
    return true;
  }

  #showUnread(n: number): void {
    if (n === this.#shownUnread) return;
    this.#shownUnread = n;
    this.panel.setUnread(n);
    this.updateStatusBar();
  }

  /**
   * Saves what a reload needs to come back. `received`: record anew the last event of each room the window got (a
   * moment after each message, and as it closes); the other saves keep the last such mark.
   */
  async #saveSession(received = false): Promise<void> {
    if (this.#shuttingDown) return;
    const c = this.session.client;
    if (received && c) this.#receivedMark = Object.fromEntries([...c.rooms.values()].map((r) => [r.name, { epoch: r.epoch, seq: r.seq }]));
    const mark = this.#receivedMark;
    const saved: SavedSession | undefined = toSaved(this.session.state, this.session.activeRoom, { session: c?.sessionToken, dmSeq: c?.lastDmSeq, nick: c?.nick, nicks: c?.ownNicks, nickSince: c?.ownNickSince, ...(mark ? { received: mark } : {}), ...(c?.putOut ? { putOut: true } : {}), ...(c && c.queued.length > 0 ? { queued: c.queued } : {}) });
    this.#beat(saved !== undefined);
    await this.#context.workspaceState.update(SAVED_KEY, saved);
    if (saved?.kind === 'joined') await this.#saveEarlier(saved.address);
    else if (saved === undefined) await this.#forgetEarlier(); // (out of the room: nothing of it to keep)
  }

  async #forgetEarlier(): Promise<void> {
    this.#earlierSaves.reset();
    await this.#context.workspaceState.update(EARLIER_KEY, undefined);
  }

  /**
   * Saves the rooms' earlier epochs (what was said before their host started them anew: the server no longer has
   * it), when they changed; a client not in its rooms yet (connecting after a reload) has nothing to say.
   */
  async #saveEarlier(address: string): Promise<void> {
    const c = this.session.client;
    if (!c || c.rooms.size === 0) return;
    const next = this.#earlierSaves.next(address, c.rooms.values());
    if (next.changed) await this.#context.workspaceState.update(EARLIER_KEY, next.value);
  }

  /** What this window saved of the rooms' earlier epochs at `address` (an invite), to give the client after a reload. */
  earlierFor(address: string): Record<string, EarlierRoom[]> {
    return parseEarlier(this.#context.workspaceState.get(EARLIER_KEY), address);
  }

  /** While in a room, say so every minute (restoreDecision reads it at the next start). */
  #beat(inRoom: boolean): void {
    if (!inRoom) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
      return;
    }
    if (this.#heartbeat !== undefined) return; // (saveSession runs at every DM: the minute's beat is enough)
    const alive = () => void this.#context.workspaceState.update(ALIVE_KEY, Date.now());
    alive();
    this.#heartbeat = setInterval(alive, HEARTBEAT_MS);
  }

  async #forgetSaved(): Promise<void> {
    this.#beat(false);
    await this.#context.workspaceState.update(SAVED_KEY, undefined);
    await this.#context.workspaceState.update(ALIVE_KEY, undefined);
    await this.#forgetEarlier();
  }
}
