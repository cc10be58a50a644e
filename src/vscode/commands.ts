// The commands of the palette (category "TCP Chat"): Host, Join, Leave, Show, Copy Invite, Share Selection, Share
// Changes, Change Nickname, Save Conversation, Join a Room; and what the panel's context menus run (Set Topic..., Leave Room
// on a room's tab; Message Directly, Make / Remove Operator, Kick..., Ban... on a member; Reply, Edit, Copy Message, Open Code,
// Delete for Everyone... on a message).

import * as vscode from 'vscode';
import { networkInterfaces } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { createRoomKey } from '../node/roomKey';
import { ownerKeyReader, ownerKeysFor, type OwnerKeyReader } from '../node/ownerKeyFile';
import { isThisMachine } from '../node/thisMachine';
import { nickError } from '../protocol/names';
import { NOT_IN_A_ROOM, type ChatApp } from './chatApp';
import { addRecent, chosenNick, inviteText, parseInvite, parseRecent, reachableAddresses, RECENT_KEY, recentDescription } from './invite';
import { freePortsNear, isPortFree } from './ports';
import { historyFileName, historyPortAfter, ownFileFirst } from './hostedHistory';
import { readSettings } from './settings';
import { nickOf, nicknameTarget } from './nickname';
import { rejoin } from './rejoinAttempts';
import { canMakeNewInvite, hostsOn, type SavedSession } from './sessionState';
import { hostSettingsNotice, type HostSetting } from './hostSettingsNotice';
import { sharedFileUri } from './sharedFileUri';
import { OneAtATime } from './oneAtATime';
import { putOutWords, QUEUE_FULL, type ChatClient, type QueuedItem } from '../node/chatClient';
import { noIcons, noLinks } from './notificationText';
import { nickRefusal, preview } from './preview';
import { linesLabel, sharedLineRanges, sharedText, type SelectionSpan } from './selectionLines';
import { outputMessage, terminalSelectionText } from './terminalSelection';
import { showChatAfterShare } from './chatAfterShare';
import { showRoom, showToWrite } from './roomShown';
import { shareSource } from './shareSource';
import { RoomPicker, type RoomPick } from './roomPicks';
import { problemsMessage } from './sharedProblems';
import { fileChanges } from './fileChanges';
import { changesCard, type ChangesCard } from '../protocol/diffHunks';
import { changesFiles, notSharedText } from './changesFiles';
import { lineSpan } from '../protocol/sharedLines';
import { blankText } from '../protocol/text';
import { REASON_MAX, TOPIC_FIELD_MAX } from '../protocol/limits';
import { topicTooLong } from '../protocol/topicLength';
import { withCommas } from '../protocol/counts';
import type { CommandMsg } from '../protocol/messages';
import type { MenuRowAction } from '../shared/panelMessages';
import { menuMember, menuRoom, menuRowKey } from './menuContext';

/** Arguments a command may get from code (the panel serializer restoring a session, tests, invite links). */
interface CommandArgs {
  restore?: SavedSession;
  /** With `restore`: the user did something else meanwhile (left, hosted, joined): stop going back. */
  signal?: AbortSignal;
  address?: string;
}

function args(a: unknown): CommandArgs {
  return a !== null && typeof a === 'object' ? (a as CommandArgs) : {};
}

function interfaces() {
  return Object.entries(networkInterfaces()).flatMap(([name, l]) => (l ?? []).map((i) => ({ ...i, name })));
}

export function registerCommands(app: ChatApp, context: vscode.ExtensionContext): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (e) {
        // one line, cut short: a hostile server's refusal (up to 4,096 characters, bidi controls, lines that would
        // read as the log's own) is among these
        const msg = preview((e as Error).message, 300);
        app.log.error(`${id}: ${msg}`);
        void vscode.window.showErrorMessage(noLinks(`TCP Chat: ${msg}`));
      }
    });

  return [
    reg('tcpChat.host', oneAtATime('Host Chat', (x) => hostChat(app, context, x))),
    reg('tcpChat.join', oneAtATime('Join Chat', (x) => joinChat(app, context, x))),
    reg('tcpChat.leave', () => leaveChat(app)),
    reg('tcpChat.show', () => app.panel.show(false)),
    reg('tcpChat.copyInvite', () => copyInvite(app)),
    reg('tcpChat.newInvite', () => newInvite(app)),
    reg('tcpChat.shareSelection', () => shareSelection(app)),
    reg('tcpChat.shareTerminalSelection', () => shareTerminalSelection(app)),
    // (the Explorer's and Source Control's context menus: the files picked there)
    reg('tcpChat.shareChanges', (...args) => shareChanges(app, args)),
    reg('tcpChat.changeNickname', () => changeNickname(app)),
    reg('tcpChat.saveConversation', () => app.saveConversation()),
    reg('tcpChat.joinRoom', () => joinRoom(app)),
    // (a room tab's context menu: the room it was opened on)
    reg('tcpChat.leaveRoom', async (arg) => {
      const room = menuRoom(arg);
      if (!room) throw new Error('Leave Room leaves the room whose tab it was opened on, in the chat panel');
      await partRoom(app, room);
    }),
    reg('tcpChat.setTopic', (arg) => {
      const room = menuRoom(arg);
      if (!room) throw new Error("Set Topic is on the context menu of a room's tab in the chat panel");
      return setTopic(app, room);
    }),
    // (a member's context menu, in the panel's members pane: who, and the room whose pane it was)
    reg('tcpChat.messageMember', (arg) => {
      const who = member(arg, 'Message Directly');
      app.panel.show(false);
      app.panel.post({ type: 'activateDm', nick: who.nick });
    }),
    reg('tcpChat.opMember', (arg) => {
      const who = member(arg, 'Make Operator');
      return askServer(app, { type: 'op', room: who.room, nick: who.nick }, `${who.nick} was not made an operator`);
    }),
    reg('tcpChat.deopMember', (arg) => {
      const who = member(arg, 'Remove Operator');
      return askServer(app, { type: 'deop', room: who.room, nick: who.nick }, `${who.nick} is still an operator`);
    }),
    reg('tcpChat.kickMember', (arg) => putOut(app, member(arg, 'Kick'), false)),
    reg('tcpChat.banMember', (arg) => putOut(app, member(arg, 'Ban'), true)),
    // (a message's context menu: the panel does what the row's button or key does)
    reg('tcpChat.replyToMessage', (arg) => onRow(app, arg, 'reply')),
    reg('tcpChat.editMessage', (arg) => onRow(app, arg, 'edit')),
    reg('tcpChat.copyMessage', (arg) => onRow(app, arg, 'copy')),
    reg('tcpChat.openSharedCode', (arg) => onRow(app, arg, 'open')),
    reg('tcpChat.deleteMessage', (arg) => onRow(app, arg, 'delete')),
  ];
}

// ---------------------------------------------------------------------------------------------- host

/** What a window reload brings back of the session it was in: its token, and the nicknames it had. */
function sessionOf(restore: SavedSession | undefined): { session?: string; nicks?: string[]; nickSince?: [string, number][]; queued?: QueuedItem[] } {
  return restore?.session ? { session: restore.session, ...(restore.nicks ? { nicks: restore.nicks } : {}), ...(restore.nickSince ? { nickSince: restore.nickSince } : {}), ...(restore.queued ? { queued: restore.queued } : {}) } : {};
}

/**
 * Host or Join while a join is connecting (not the window's own going back after a reload, which they stop): one at
 * a time. Host said "cannot host on 127.0.0.1:55555: already connecting" after leaving the room, and a second Join
 * took the first's renames for its own room's.
 */
/** Host Chat and Join Chat: one at a time. */
const starting = new OneAtATime();

/**
 * Command `what` run one at a time with the others `starting` guards; a restore after a reload runs by itself,
 * whatever the user starts meanwhile (their Host or Join stops it).
 */
function oneAtATime(what: string, run: (a: CommandArgs) => Promise<void>): (a: unknown) => Promise<void> {
  return (a) => {
    const x = args(a);
    return x.restore ? run(x) : starting.run(what, () => run(x));
  };
}

function refuseWhileJoining(app: ChatApp): void {
  if (app.session.busy && !app.restoring) throw new Error('a join is still connecting: cancel it first (its notification has Cancel)');
}

async function hostChat(app: ChatApp, context: vscode.ExtensionContext, a: CommandArgs): Promise<void> {
  const restore = a.restore?.kind === 'hosting' ? a.restore : undefined;
  refuseWhileJoining(app);
  const s = readSettings();
  // (a reload brings the room back where it was, but not onto the network when the setting now says this machine only)
  const bind = s.bindAddress === '127.0.0.1' ? s.bindAddress : (restore?.bind ?? s.bindAddress);
  let port = restore?.port ?? s.port;
  // a busy port is settled before leaving the room this window is in (it may be that room's: another window on
  // this machine hosts it): Escape at the pick left the window in no room (not a room it hosts: its port frees)
  let movedFrom: number | undefined;
  if (!restore && !hostsOn(app.session.state, port) && !(await isPortFree(port, bind))) {
    const other = await pickOtherPort(port, bind, 'is busy');
    if (other === undefined) return;
    [movedFrom, port] = [port, other];
  }
  if (!restore && !(await app.confirmLeave('host a new room'))) return;
  // off loopback the room is private: a random key, TLS for rich clients, and an invite that carries the key
  // (kept across a window reload so the invites people hold stay good)
  const roomKey = bind === '127.0.0.1' ? undefined : (restore?.key ?? createRoomKey());
  // the room's history lives in this workspace's storage, so a reload brings it back; a new room starts empty
  // unless tcpChat.keepHistory is on (then hosting again serves the same history and members resume)
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  const historyFileFor = (p: number) => joinPath(storage, historyFileName(context.storageUri !== undefined, p));
  // (a room that moved off a busy port, or was hosted on any free one, goes on with the file it started with)
  let historyPort = restore ? (restore.historyPort ?? restore.port) : (movedFrom ?? port);
  let historyFile: string | undefined;
  try {
    mkdirSync(storage, { recursive: true });
    historyFile = historyFileFor(historyPort);
  } catch (e) {
    app.log.warn(`no history file (${(e as Error).message}): the room's history will not survive a reload`);
  }
  // a restored room: the nickname the window had in it (a /nick in the panel may have changed it)
  const nick = restore?.nick ?? (await app.nickname());
  for (;;) {
    try {
      await app.session.host({
        bind, port, nick, history: s.historyLength,
        ...(historyFile ? { historyFile, freshHistory: !restore && !s.keepHistory, historyPort } : {}),
        // (tcpChat.keepHistory: members who come back resume, so the invites they hold must open the room again)
        ...(roomKey ? { roomKey, keepRoomKey: s.keepHistory } : {}), ...sessionOf(restore),
        addresses: (p) => reachableAddresses(bind, p, interfaces()),
        log: (line) => app.log.info(line),
      });
      break;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // (EBUSY: the port's history file is another window's, which hosts on that port)
      if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES' && err.code !== 'EBUSY') throw new Error(`cannot host on ${bind}:${port}: ${err.message}`, { cause: e });
      const own = historyFile ? ownFileFirst(err.code, historyPort, port, context.storageUri !== undefined) : undefined;
      if (own !== undefined) {
        historyPort = own;
        historyFile = historyFileFor(own);
        continue;
      }
      const other = await pickOtherPort(port, bind, err.code === 'EACCES' ? 'is not allowed' : 'is busy');
      // (a restore the user stopped meanwhile, Leave Chat: it hosted on the port picked after all)
      if (other === undefined || a.signal?.aborted) return;
      historyPort = historyPortAfter(err.code, historyPort, other);
      port = other;
      if (historyFile) historyFile = historyFileFor(historyPort);
    }
  }
  if (a.signal?.aborted) return void (await app.leave());
  if (restore) app.session.activeRoom = restore.room;
  // the host goes on in its editor; with none open, the keyboard goes to the chat (else it was nowhere)
  showRoom(app.panel, Boolean(restore), vscode.window.activeTextEditor !== undefined);
  const address = app.session.address;
  app.log.info(`hosting at ${app.session.addresses.join(', ')} (bound to ${bind})`);
  if (restore && port === restore.port) return; // back after a reload where it was: the invite still holds, nothing to say
  const local = bind === '127.0.0.1';
  const more = local
    ? ' Only this machine can join: set "tcpChat.bindAddress" to 0.0.0.0 and host again to let your network in.'
    : ' It is private: people on your network join with the invite, which holds the room key.';
  const copy = 'Copy Invite';
  void vscode.window.showInformationMessage(noLinks(`TCP Chat: hosting ${local ? '' : 'a private room '}at ${address}.${more}`), copy).then((choice) => {
    if (choice === copy) void copyInvite(app);
  });
}

/** The configured port is busy: offer free ones instead of failing. */
async function pickOtherPort(busy: number, bind: string, why: string): Promise<number | undefined> {
  const free = await freePortsNear(busy, bind);
  type Item = vscode.QuickPickItem & { port?: number; custom?: boolean };
  const items: Item[] = [
    ...free.map((p, i): Item => ({ label: `$(plug) ${p}`, description: i === 0 ? 'free (recommended)' : 'free', port: p })),
    { label: '$(edit) Enter a port…', custom: true },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: `TCP Chat: port ${busy} ${why}`,
    placeHolder: `Port ${busy} on ${bind} ${why} (another room or program?). Host on another port:`,
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.port !== undefined) return pick.port;
  const typed = await vscode.window.showInputBox({
    title: 'TCP Chat: Host on port',
    prompt: 'A port number from 0 to 65535 (0: any free port; one below 1024 needs administrator rights on most systems)',
    value: String(free[0] ?? ''),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d{1,5}$/.test(v.trim()) && Number(v) <= 65535 ? undefined : 'a port number from 0 to 65535'),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

// ---------------------------------------------------------------------------------------------- join

/**
 * Whether to join the room at `host:port` as its owner: only when it is this machine and a headless host of this
 * user's wrote its owner key there (`tcp-chat host --headless`: without a seat of its own, nobody could moderate its
 * room), and the user says so; after a reload, as the window was. The keys to join with, undefined (as a member),
 * or null: the user pressed Escape.
 */
async function joinAsOwner(host: string, port: number, address: string, roomKey: string | undefined, restore: SavedSession | undefined): Promise<OwnerKeyReader | undefined | null> {
  if (!isThisMachine(host)) return undefined;
  const keys = ownerKeysFor(port);
  if (restore) {
    if (restore.kind !== 'joined' || restore.owner !== true) return undefined;
    // (the host may be starting again, its file not written yet: asked at each connection until it is; the room
    // key saved with the address until then)
    return 'error' in keys ? ownerKeyReader(port, undefined, { ownerKey: '', ...(roomKey !== undefined ? { roomKey } : {}) }) : keys;
  }
  if ('error' in keys) return undefined;
  // (the host listens at another address of this machine: whoever listens on this port at this one is not it, and
  // would get the owner key)
  const at = keys().host;
  if (at !== undefined && at !== host) return undefined;
  const pick = await vscode.window.showQuickPick([
    { label: "$(star) Join as the room's owner", detail: 'You host it here (tcp-chat host --headless): set the topic, kick, ban, op, delete anyone\'s message', owner: true },
    { label: 'Join as a member', detail: 'As anyone else who joins', owner: false },
  ], { title: `TCP Chat: join ${address}`, placeHolder: 'A headless host of yours on this machine runs this room', ignoreFocusOut: true });
  if (pick === undefined) return null;
  return pick.owner ? keys : undefined;
}

async function joinChat(app: ChatApp, context: vscode.ExtensionContext, a: CommandArgs): Promise<void> {
  const restore = a.restore?.kind === 'joined' ? a.restore : undefined;
  const recent = parseRecent(context.globalState.get(RECENT_KEY));
  const input = restore?.address ?? a.address ?? (await askAddress(recent));
  if (input === undefined) return;
  const parsed = parseInvite(input);
  if (!parsed.ok) throw new Error(parsed.error);
  // a room a headless host of this user's runs on this machine: as its owner if they say so; after a reload, as before
  const owner = await joinAsOwner(parsed.host, parsed.port, parsed.address, parsed.key, restore);
  if (owner === null) return;
  // (once there is somewhere to go: Escape at the address, or a mistyped one, left the room, or closed it on everyone)
  if (!restore && !(await app.confirmLeave(`join ${parsed.address}`))) return;
  // a restored room: the nickname the window had in it (a /nick in the panel may have changed it); a room of the
  // recent list: the one chosen in it last time, if one was
  const chosen = chosenNick(recent, parsed.invite);
  const nick = restore?.nick ?? chosen ?? (await app.nickname());
  // (read once: a failed attempt below leaves the room for a moment, and the window forgets what it saved)
  const earlier = restore ? app.earlierFor(restore.address) : undefined;
  refuseWhileJoining(app);
  // (before the join: a rename its server says at once is this room's, not the one joined before)
  app.joinedInvite = parsed.invite;
  const join = () => app.session.join({
    host: parsed.host, port: parsed.port, address: parsed.address, nick, room: restore?.room,
    // (as the owner: the keys its host's file has at each connection, new after a restart, not the key saved)
    ...(owner ? { ownerKeys: owner } : parsed.key ? { roomKey: parsed.key } : {}),
    ...sessionOf(restore),
    ...(earlier ? { earlier } : {}),
  });
  if (restore) {
    // after a reload the room may not be back yet (its host reloaded too): show the panel and keep trying a while,
    // until the user does something else
    if (!(await rejoin(join, () => app.leave(), a.signal))) return;
  } else {
    // (Cancel: an address that takes connections and never answers held the window until it gave up)
    const joined = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TCP Chat: joining ${parsed.address}…`, cancellable: true }, async (_progress, token) => {
      const cancel = token.onCancellationRequested(() => app.session.cancelJoin());
      try {
        await join();
        return true;
      } catch (e) {
        if (token.isCancellationRequested) return false;
        throw e;
      } finally {
        cancel.dispose();
      }
    });
    if (!joined) return;
  }
  // (a chosen nickname stays the one to come back with, even when the room gave another this time: bob_2)
  await context.globalState.update(RECENT_KEY, addRecent(recent, { address: parsed.invite, lastUsed: Date.now(), ...(chosen ? { nick: chosen, chosen: true } : { nick: app.session.nick }) }));
  showRoom(app.panel, Boolean(restore), false);
}

async function askAddress(recent: ReturnType<typeof parseRecent>): Promise<string | undefined> {
  const enter = '$(edit) Enter address…';
  if (recent.length > 0) {
    type Item = vscode.QuickPickItem & { address?: string };
    const now = Date.now();
    const items: Item[] = [
      ...recent.map((r): Item => {
        const p = parseInvite(r.address);
        const shown = p.ok ? p.address : r.address;
        return { label: `${p.ok && p.key ? '$(lock)' : '$(history)'} ${shown}`, description: recentDescription(r, now), address: r.address };
      }),
      { label: enter, description: 'host:port, or paste an invite' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'TCP Chat: Join Chat', placeHolder: 'A recent room, or enter an address', ignoreFocusOut: true });
    if (!pick) return undefined;
    if (pick.address) return pick.address;
  }
  // Enter on an empty box asks again (it went on to fail with an error, and what to type was gone)
  for (let prompt = 'The address of the room (host:port), or paste the invite you were sent'; ; prompt = 'Type an address first (host:port), or paste the invite you were sent; Escape cancels') {
    const typed = await vscode.window.showInputBox({
      title: 'TCP Chat: Join Chat',
      prompt,
      placeHolder: '192.168.1.20:55555',
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (v.trim() === '') return undefined; // no error before anything is typed
        const p = parseInvite(v);
        return p.ok ? undefined : p.error;
      },
    });
    if (typed === undefined || typed.trim() !== '') return typed;
  }
}

// ---------------------------------------------------------------------------------------------- the rest

async function leaveChat(app: ChatApp): Promise<void> {
  // (still going back to the room after a reload: it stops)
  if (app.session.state.kind === 'idle' && (await app.stopRestoring())) {
    vscode.window.setStatusBarMessage('TCP Chat: stopped going back to the room', 4000);
    return;
  }
  const s = app.session.state;
  if (s.kind === 'idle') {
    void vscode.window.showInformationMessage('TCP Chat: you are not in a room.');
    return;
  }
  if (s.kind === 'hosting' && app.session.othersHosted() > 0) {
    const close = 'Close Room';
    const answer = await vscode.window.showWarningMessage(noLinks(`Close the room at ${app.session.address}? Everyone in it is disconnected.`), { modal: true }, close);
    if (answer !== close) return;
  }
  await app.leave();
  vscode.window.setStatusBarMessage(s.kind === 'hosting' ? 'TCP Chat: room closed' : 'TCP Chat: left the room', 4000);
}

async function copyInvite(app: ChatApp): Promise<void> {
  const invite = app.session.invite;
  if (!invite) {
    void vscode.window.showInformationMessage('TCP Chat: you are not in a room: host one, or join one, to invite others.', 'Host Chat', 'Join Chat').then((a) => {
      if (a) void vscode.commands.executeCommand(a === 'Host Chat' ? 'tcpChat.host' : 'tcpChat.join');
    });
    return;
  }
  await vscode.env.clipboard.writeText(inviteText(invite));
  vscode.window.setStatusBarMessage(`$(check) TCP Chat: invite to ${noIcons(app.session.address)} copied`, 4000);
}

/**
 * New Invite: the owner of a private room makes a new room key (/newkey), once they say so; the new invite goes on
 * the clipboard. The invites given before let nobody in from then on; the members connected stay (they get the key).
 */
async function newInvite(app: ChatApp): Promise<void> {
  const { client, state } = app.session;
  if (!client || state.kind === 'idle') return copyInvite(app); // (not in a room: offers Host and Join)
  if (state.key === undefined) {
    void vscode.window.showInformationMessage(noLinks(`TCP Chat: the room at ${app.session.address} is not private (it is on 127.0.0.1 only): its address is its invite, and it has no key to change.`));
    return;
  }
  if (!canMakeNewInvite(state)) throw new Error("only the room's owner can make a new invite: ask the host");
  const make = 'Make New Invite';
  const detail = 'The invite given so far will let nobody in: anyone who has it and is not in the room now (a member whose connection dropped too) needs the new one. Everyone in the room now stays, and their apps take the new key.';
  const choice = await vscode.window.showWarningMessage('TCP Chat: make a new invite for this room?', { modal: true, detail }, make);
  if (choice !== make) return;
  // (the dialog waited on the user: the window may have left the room, or joined another, meanwhile)
  if (app.session.client !== client) throw new Error('the window left that room: no new invite was made');
  // (the key comes before the answer: the window's own "the room has a new key" is this command's to say)
  app.newInviteAsked = true;
  let answer;
  try {
    answer = await client.ask({ type: 'newkey' });
  } finally {
    app.newInviteAsked = false;
  }
  if (!answer) throw new Error('the connection to the room dropped: try again when it is back');
  if (!answer.ok) throw new Error(answer.message);
  // (the new key came before the answer: the invite is the new one)
  await vscode.env.clipboard.writeText(inviteText(app.session.invite));
  // (short: a toast shows one line of ~60 characters, and cut the end, that the old invite is dead, with an address in
  // it; the address is in the status bar, which said the last Copy Invite's "copied" for 4 s more)
  vscode.window.setStatusBarMessage(`$(check) TCP Chat: new invite to ${noIcons(app.session.address)} copied`, 4000);
  void vscode.window.showInformationMessage('TCP Chat: new invite copied; the old one no longer works.');
}

/**
 * The room Share Selection and Share Changes send to, the client that sends, and the editor they share from (none:
 * `why`); not in a room: the user is offered Host and Join, and undefined.
 */
async function shareTo(app: ChatApp): Promise<{ client: ChatClient; room: string; editor?: vscode.TextEditor | undefined; why: string } | undefined> {
  const client = app.session.client;
  if (!client || app.session.state.kind === 'idle') {
    const pick = await vscode.window.showWarningMessage('TCP Chat: join or host a room to share code.', 'Host Chat', 'Join Chat');
    if (pick) void vscode.commands.executeCommand(pick === 'Host Chat' ? 'tcpChat.host' : 'tcpChat.join');
    return undefined;
  }
  if (client.putOut) throw new Error(putOutWords(client.putOut));
  const room = app.session.currentRoom();
  if (room === undefined) throw new Error('you are not in a room: type /join #room in the chat first');
  // (from the palette while the chat has the focus: the editor the user was in before it, if still on screen)
  return { client, room, ...shareSource(vscode.window.activeTextEditor, app.lastEditor, vscode.window.visibleTextEditors) };
}

/**
 * How a card names `doc`'s file: its workspace-relative path, `outside` (a file outside the workspace, a notebook:
 * its name only, to show); none for an untitled editor. `notebook`: the notebook `doc` is a cell of.
 */
function cardPath(doc: vscode.TextDocument): { path: string | undefined; outside: boolean; notebook: vscode.NotebookDocument | undefined } {
  // a notebook's cell numbers its lines from its own top: its lines say nothing to anyone, its notebook's name does
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
  const { path, outside } = doc.isUntitled && !notebook ? { path: undefined, outside: false } : filePath(notebook?.uri ?? sharedFileUri(doc.uri));
  return { path, outside: outside || notebook !== undefined, notebook };
}

/** How a card names `file`: its workspace-relative path; else, `outside`, its name. */
function filePath(file: vscode.Uri): { path: string; outside: boolean } {
  const inWorkspace = vscode.workspace.getWorkspaceFolder(file) !== undefined;
  // not a file the others can open by that path: its name is only to show (Open gives them the code itself)
  return { path: inWorkspace ? vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) : file.path.split('/').pop()!, outside: !inWorkspace };
}

/**
 * A card or message sent: said in the status bar (or that it goes when the room is back), and the chat brought up
 * (`editor`: not over the one it came from; none, from the Explorer or Source Control).
 */
function sent(app: ChatApp, client: ChatClient, room: string, what: string, editor: vscode.TextEditor | undefined): void {
  // away from the room (reconnecting, waiting for its host) it waits and goes out when the room is back
  // (a room's name is the server's, a file's may be anything: `$(...)` in either is shown as written, not drawn)
  vscode.window.setStatusBarMessage(client.connected ? `$(check) TCP Chat: shared ${noIcons(what)} in #${noIcons(room)}` : `$(clock) TCP Chat: ${noIcons(what)} goes to #${noIcons(room)} when the room is back`, 4000);
  // bring the chat up without hiding the editor the selection came from (a diff's side has no column of its own:
  // the group with the focus is the diff's)
  if (!editor || showChatAfterShare(app.panel, editor.viewColumn, vscode.window.tabGroups.activeTabGroup.viewColumn)) app.panel.show(true);
}

/** `editor`'s selections as selectionLines.ts takes them. */
function spansOf(editor: vscode.TextEditor): SelectionSpan[] {
  const doc = editor.document;
  return editor.selections.map((s) => ({ startLine: s.start.line, endLine: s.end.line, endCharacter: s.end.character, isEmpty: s.isEmpty, startsAtLineEnd: s.start.character > 0 && s.start.character >= doc.lineAt(s.start.line).text.length }));
}

/** Shares the selection of the editor shareTo says (the active one, or the one beside the chat that had the focus before it). */
async function shareSelection(app: ChatApp): Promise<void> {
  const to = await shareTo(app);
  if (!to) return;
  const { client, room, editor, why } = to;
  if (!editor) throw new Error(why);
  const doc = editor.document;
  // every selection (several cursors: each a card, in order; only the first went, without a word), as whole lines
  const textOf = (s: { start: number; end: number }) => sharedText(doc.getText(new vscode.Range(s.start, 0, s.end, doc.lineAt(s.end).text.length)));
  // blank ones stay here (the server refused them, after the status bar said they were shared): a cursor on an
  // empty line among several shares nothing of its own
  const spans = sharedLineRanges(spansOf(editor), (s) => blankText(textOf(s)));
  const shared = spans.map((s) => ({ ...s, text: textOf(s) }));
  if (shared.length === 0) throw new Error('the selection is blank: not sent');
  // one past the room's own limit (its welcome says, in characters as it counts) keeps them all here
  for (const s of shared) {
    const long = client.tooLong(s.text, shared.length > 1 ? 'a selection' : 'the selection');
    if (long !== undefined) throw new Error(long);
  }
  const { path, outside, notebook } = cardPath(doc);
  for (const { start, end, text } of shared) {
    const where = notebook ? {} : { startLine: start + 1, endLine: end + 1 };
    if (client.send(room, text, 'code', { ...(path ? { path } : {}), language: doc.languageId, ...where, ...(outside ? { outside } : {}) }) === undefined) throw new Error(QUEUE_FULL);
  }
  // and the errors and warnings the editor shows in those lines, as a message after the code (tcpChat.shareProblems)
  let sentProblems: string | undefined;
  if (readSettings().shareProblems) {
    const problems = vscode.languages.getDiagnostics(doc.uri).map((d) => ({
      startLine: d.range.start.line, startCharacter: d.range.start.character, endLine: d.range.end.line, severity: d.severity, message: d.message,
      ...(d.source !== undefined ? { source: d.source } : {}), ...(d.code !== undefined ? { code: typeof d.code === 'object' ? d.code.value : d.code } : {}),
    }));
    const found = problemsMessage(shared, problems, outside ? undefined : path, (t) => client.tooLong(t) === undefined);
    if (found !== undefined && client.send(room, found.text) === undefined) throw new Error(QUEUE_FULL);
    sentProblems = found?.counts;
  }
  const lines = notebook ? 'cell' : linesLabel(shared);
  sent(app, client, room, `${path ?? 'the selection'} ${lines}${sentProblems !== undefined ? ` (and its ${sentProblems})` : ''}`, editor);
}

/**
 * Shares the active terminal's selection (a command's output: an error, a failing test) as a block of output in a
 * message, whose paths the panel makes links (a code card's text has none).
 * The API gives no terminal's selection: the terminal copies it, and the clipboard is put back as it was.
 */
async function shareTerminalSelection(app: ChatApp): Promise<void> {
  const to = await shareTo(app);
  if (!to) return;
  const { client, room } = to;
  const clipboard = vscode.env.clipboard;
  const kept = await clipboard.readText();
  let text: string;
  try {
    // (emptied first: with no selection the terminal copies nothing, and what the clipboard held would have gone)
    await clipboard.writeText('');
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    text = terminalSelectionText(await clipboard.readText());
  } finally {
    // (whatever failed: what was copied before is not lost)
    await clipboard.writeText(kept);
  }
  if (blankText(text)) throw new Error('select the lines to share in a terminal first');
  const message = outputMessage(text);
  const long = client.tooLong(message, 'the selection');
  if (long !== undefined) throw new Error(long);
  if (client.send(room, message) === undefined) throw new Error(QUEUE_FULL);
  sent(app, client, room, 'the terminal selection', undefined);
}

/**
 * Shares the uncommitted changes of the file of the editor shareTo says (against HEAD) as a diff card; with a
 * selection, only the hunks its lines touch. None: said, nothing sent. `args`, from the Explorer's or Source
 * Control's context menu: the files picked there instead, each its whole changes (changesFiles).
 */
async function shareChanges(app: ChatApp, args: readonly unknown[]): Promise<void> {
  const to = await shareTo(app);
  if (!to) return;
  const { client, room, editor, why } = to;
  const u = editor?.document.uri;
  const mine = u && { scheme: u.scheme, path: u.fsPath };
  const { files, more } = changesFiles(args, mine);
  const own = files.length === 0;
  if (!mine && own) throw new Error(why);
  const picked = own && mine ? [mine] : files;
  const shared: string[] = [];
  const whys: { why: string; none?: boolean }[] = [];
  for (const f of picked) {
    const uri = vscode.Uri.file(f.path);
    const { path, outside } = filePath(uri);
    // (an untitled editor, a notebook's cell, a file of a remote file system: no file of Git's; a file deleted since
    // its last commit is no folder: its changes are its deletion; Git compares the file on disk, and a selection's
    // lines are the editor's)
    const not =
      f.scheme !== 'file' ? (own ? 'open a file on disk to share its changes' : `${path} is not a file on disk`)
      : (await vscode.workspace.fs.stat(uri).then((s) => s.type, () => 0)) & vscode.FileType.Directory ? `${path} is a folder`
      : vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.fsPath === f.path) ? `save ${path} first`
      : undefined;
    // (the lines Share Selection would send: one that ends at a line's start, Shift+Down, is the lines above it)
    const card = not !== undefined ? { why: not } : await changesOf(client, uri, path, own && editor?.selections.some((s) => !s.isEmpty) ? sharedLineRanges(spansOf(editor)) : []);
    if ('why' in card) whys.push(card);
    else if (client.send(room, card.text, 'code', { path, language: 'diff', startLine: card.startLine, endLine: card.endLine, ...(outside ? { outside } : {}) }) === undefined) throw new Error(QUEUE_FULL);
    // (hunks left out: the card's last line says how many)
    else shared.push(`${path} ${lineSpan(card.startLine, card.endLine)}`);
  }
  if (shared[0]) sent(app, client, room, `the changes of ${shared.join(', ')}`, own ? editor : undefined);
  // (what did not go: of one file, as from the editor; of several, once, whole, where a thrown error's words are cut
  // at 300 characters. No changes only: nothing is wrong, a notice)
  const text = picked.length > 1 ? notSharedText(whys.map((w) => w.why), more) : whys[0]?.why;
  const fine = shared[0] !== undefined || whys.every((w) => w.none);
  if (text === undefined) return;
  if (!fine && picked.length === 1) throw new Error(text);
  void vscode.window[fine ? 'showInformationMessage' : 'showErrorMessage'](noLinks(`TCP Chat: ${text}.`));
}

/**
 * The diff card of the changes of the file at `uri` (named `path`) since its last commit: only the hunks that touch
 * the `selected` lines, if any; or why there is none (`none`: it has no changes).
 */
async function changesOf(client: ChatClient, uri: vscode.Uri, path: string, selected: readonly { start: number; end: number }[]): Promise<ChangesCard | { why: string; none?: boolean }> {
  const diff = await fileChanges(uri);
  if (diff === null) return { why: `Git does not track ${path}` };
  const card = changesCard(diff, selected, (t) => client.tooLong(t) === undefined);
  if (!card) return { why: `no changes${selected.length > 0 ? ' in the selected lines' : ''} of ${path} since its last commit`, none: true };
  const long = client.tooLong(card.text, `the first change of ${path}`);
  return long !== undefined ? { why: long } : card;
}

/** Asks the server `msg`: resolved once it has said yes; else an error that says why not (`notDone` when not connected). */
async function askServer(app: ChatApp, msg: CommandMsg, notDone: string): Promise<void> {
  const answer = await app.session.client?.ask(msg);
  if (answer === undefined) throw new Error(`not connected: ${notDone}`);
  if (!answer.ok) throw new Error(answer.message);
}

/** Leaves `room` (its people see you go). */
function partRoom(app: ChatApp, room: string): Promise<void> {
  return askServer(app, { type: 'part', room }, `still in #${room}`);
}

/**
 * Set Topic... on a room tab's context menu (the owner and ops): the topic as it is, to change, or empty to clear
 * it. Too long for this server (its welcome says how long) is said as it is typed; refused all the same (no longer
 * an op, an older server that did not say), it is asked again with what was typed and why.
 */
async function setTopic(app: ChatApp, room: string): Promise<void> {
  const now = app.session.client?.rooms.get(room)?.topic ?? '';
  let value = now;
  let refused: string | undefined;
  for (;;) {
    const typed = await vscode.window.showInputBox({
      title: `TCP Chat: Topic of #${noIcons(room)}`,
      value,
      prompt: refused !== undefined ? `Not set: ${noIcons(preview(refused, 200))}` : `Everyone in #${noIcons(room)} sees it above the messages; empty clears it.`,
      placeHolder: 'What the room is about',
      // (as this server counts, by what its welcome said)
      validateInput: (v) => topicTooLong(v, app.session.client?.maxTopic ?? TOPIC_FIELD_MAX),
    });
    if (typed === undefined || typed.trim() === now) return;
    const answer = await app.session.client?.ask({ type: 'topic', room, topic: typed.trim() });
    if (answer === undefined) throw new Error(`not connected: the topic of #${room} was not set`);
    if (answer.ok) return;
    value = typed;
    refused = answer.message;
  }
}

/** The member a member's context menu was opened on; none (run from elsewhere): an error that says where it works. */
function member(arg: unknown, what: string): { room: string; nick: string } {
  const who = menuMember(arg);
  if (!who) throw new Error(`${what} is on the context menu of a member in the chat panel's members pane`);
  return who;
}

/** A message's context menu item: the panel does `action` to the row it was opened on. */
function onRow(app: ChatApp, arg: unknown, action: MenuRowAction): void {
  const key = menuRowKey(arg);
  if (!key) throw new Error('this is on the context menu of a message in the chat panel');
  app.panel.post({ type: 'rowAction', key, action });
}

/**
 * Kick... and Ban... from a member's context menu: the reason asked for first (optional; Escape does nothing), and
 * what a ban does said before it is done.
 */
async function putOut(app: ChatApp, who: { room: string; nick: string }, ban: boolean): Promise<void> {
  const name = noIcons(who.nick); // (a title and a prompt draw `$(icon)`)
  const reason = await vscode.window.showInputBox({
    title: `TCP Chat: ${ban ? 'Ban' : 'Kick'} ${name}`,
    prompt: ban
      ? `${name} is disconnected and refused from then on: the nickname, the session and, from another machine, the address (/unban ${name} lets them in again). Everyone sees the reason.`
      : `${name} is disconnected from the server (they may come back). Everyone sees the reason.`,
    placeHolder: 'Reason (optional): Enter to go on, Escape to cancel',
    validateInput: (v) => (v.trim().length > REASON_MAX ? `at most ${withCommas(REASON_MAX)} characters (this is ${withCommas(v.trim().length)})` : undefined),
  });
  if (reason === undefined) return;
  const why = reason.trim();
  await askServer(app, { type: ban ? 'ban' : 'kick', room: who.room, nick: who.nick, ...(why ? { reason: why } : {}) }, `${who.nick} was not ${ban ? 'banned' : 'kicked'}`);
}

/**
 * TCP Chat: Join a Room (the panel's + too): the server's rooms, asked for as the picker opens, with their people
 * and topics; a new room of the name typed. The panel then shows the room picked. A room you are in has a Leave
 * button (the panel has no other way out of a room but /part).
 */
async function joinRoom(app: ChatApp): Promise<void> {
  const c = app.session.client;
  if (!c) throw new Error(NOT_IN_A_ROOM);
  const qp = vscode.window.createQuickPick<RoomPick & vscode.QuickPickItem>();
  qp.title = 'TCP Chat: Join a Room';
  qp.placeholder = "A room of the server's, or a new room's name";
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const picker = new RoomPicker();
  const joined = () => [...c.rooms.keys()];
  const leave = (room: string): vscode.QuickInputButton => ({ iconPath: new vscode.ThemeIcon('sign-out'), tooltip: `Leave #${room}` });
  const update = () => (qp.items = picker.rows(joined(), qp.value).map((p) => (p.joined ? { ...p, buttons: [leave(p.room)] } : p)));
  const ask = () => {
    qp.busy = true;
    void c.listRooms().then((rooms) => {
      picker.listed(rooms, joined());
      qp.busy = false;
      update();
    });
  };
  qp.onDidChangeValue(update);
  qp.onDidTriggerItemButton(({ item }) => {
    void partRoom(app, item.room).then(
      () => ask(), // (its people, and whether it is still there)
      (e: unknown) => void vscode.window.showErrorMessage(noLinks(`TCP Chat: ${preview((e as Error).message, 300)}`)),
    );
  });
  update();
  qp.show();
  ask();
  const picked = await new Promise<RoomPick | undefined>((resolve) => {
    // (nothing typed, or a name no room can have: the picker stays open, its first row says why)
    qp.onDidAccept(() => {
      const pick = picker.accepted(qp.selectedItems[0], joined(), qp.value);
      if (pick) resolve(pick);
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  if (!picked) return;
  if (!picked.joined) await askServer(app, { type: 'join', room: picked.room }, `#${picked.room} was not joined`);
  // (as if the panel had switched to it: the status bar and a reload's saved room go with it)
  app.onMessage({ type: 'activeRoom', room: picked.room });
  showToWrite(app.panel, { type: 'activateRoom', room: picked.room });
}

async function changeNickname(app: ChatApp): Promise<void> {
  // (out of a room: the name Join would take, the setting's made a nickname, not the setting as written)
  const current = app.session.nick || (await app.nickname());
  const nick = await vscode.window.showInputBox({
    title: 'TCP Chat: Change Nickname',
    prompt: 'Your nickname in chat rooms (saved in the "tcpChat.nickname" setting)',
    value: current,
    ignoreFocusOut: true,
    // (typed or pasted decomposed, as macOS may: the same name composed, which is what the server takes)
    validateInput: (v) => nickError(v.trim().normalize('NFC')) ?? undefined,
  });
  if (nick === undefined || nick.trim() === '') return;
  const n = nick.trim().normalize('NFC');
  const notBack = () => void vscode.window.showInformationMessage(noLinks(`TCP Chat: the room is not back yet; it is asked for ${preview(n, 64)} as soon as it is.`));
  // going back to the room after a reload: asked there once it is back (it was saved, and the room called you by the
  // old name); an attempt on its way too (it failed, took the rename with it, and the next joined by the old name)
  if (app.restoring && app.session.client?.connected !== true) {
    notBack();
    await app.restored();
  }
  // in a room, the server has the last word (the name may be taken): the setting keeps only a name it took
  const c = app.session.client;
  if (c && n !== c.nick) {
    // away from the room (reconnecting, waiting for its host): asked when it is back, not only saved as the
    // setting while the room goes on calling you by the old name
    if (!c.connected) notBack();
    const answer = await app.session.rename(n);
    // not asked: a newer Change Nickname took its place (it has the last word), or the window left the room
    if (answer === undefined && app.session.client !== undefined) return;
    if (answer && !answer.ok) {
      void vscode.window.showErrorMessage(nickRefusal(answer, c.nick));
      return;
    }
  }
  const config = vscode.workspace.getConfiguration('tcpChat');
  const target = nicknameTarget(config.inspect('nickname')) === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('nickname', n, target);
}

/**
 * The tcpChat.nickname setting changed (in the Settings editor, settings.json, Settings Sync): in a room, you are
 * renamed there as Change Nickname would (it said nothing, and the room went on calling you by the old name). The
 * setting Change Nickname writes once the room took the name is that name already: nothing to ask.
 */
export async function nicknameSettingChanged(app: ChatApp): Promise<void> {
  const raw = readSettings().nickname;
  const c = app.session.client;
  if (!c || raw.trim() === '') return;
  // (made a nickname as Host and Join make it: `Grace Hopper` is Grace_Hopper in the room)
  const n = nickOf(raw);
  if (n === c.nick) return;
  if (n === '') {
    const why = nickError(raw.trim().normalize('NFC')) ?? 'no letter or digit in it';
    void vscode.window.showErrorMessage(noLinks(`TCP Chat: the "tcpChat.nickname" setting cannot be made a nickname (${why}); you are still ${preview(c.nick, 64)} there.`));
    return;
  }
  const answer = await app.session.rename(n);
  if (answer && !answer.ok) void vscode.window.showErrorMessage(nickRefusal(answer, c.nick));
}

/**
 * The port, bind address or history length setting changed: a window hosting a room is told it stays as it is until
 * hosted again (Host Again, a new room, asks first), rather than thinking its network can join now.
 */
export function hostSettingsChanged(app: ChatApp, changed: ReadonlySet<HostSetting>): void {
  const s = readSettings();
  const notice = hostSettingsNotice(app.session.state, s, changed, app.session.server?.limits.history);
  if (notice === undefined) return;
  if (!notice.hostAgain) return void vscode.window.showInformationMessage(noLinks(notice.text));
  const again = 'Host Again';
  void vscode.window.showInformationMessage(noLinks(notice.text), again).then((choice) => {
    if (choice === again) void vscode.commands.executeCommand('tcpChat.host');
  });
}
