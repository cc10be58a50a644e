// The `tcp-chat` command: `host` runs a room (and joins it from this terminal), `join` joins one.

import { listenFailure } from './cli/listenFailure';
import { unknownOptionMessage } from './cli/nearestOption';
import { forgetSeat, saveSeat, SEAT_REFRESH_MS, takeSeat } from './cli/seatFile';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ChatServer } from './node/chatServer';
import { ChatClient } from './node/chatClient';
import { defaultNick } from './node/defaultNick';
import { isLoopback } from './node/connection';
import { formatAddress, joinHostPort, netcatCommand } from './protocol/address';
import { formatInvite, parseInvite } from './protocol/invite';
import { createRoomKey } from './node/roomKey';
import { ownerHostOf, ownerKeysFor, removeOwnerKey, writeOwnerKey, type OwnerKeyReader } from './node/ownerKeyFile';
import { isThisMachine } from './node/thisMachine';
import { DEFAULT_LIMITS, MAX_LIMITS, MIN_LIMITS, UNLIMITED, type Limits } from './protocol/limits';
import { nickError, normalizeRoom } from './protocol/names';
import { cleanShown, joinLines } from './protocol/text';
import { BatchedLines } from './cli/batchedLines';
import { headAndCommand, wrapBanner } from './cli/terminalWrap';
import { runTerminalChat, type TerminalChat } from './cli/chatTerminal';
import { leaveOwnRoom } from './cli/leaveOwnRoom';
import { sendBeforeLeaving } from './cli/sendBeforeLeaving';
import { HOST_USAGE, JOIN_USAGE, MAIN_USAGE } from './cli/usage';
import { APP_VERSION } from './protocol/appVersion';
import { clockOf } from './protocol/localTime';

const CLI_NAME = `tcp-chat-cli/${APP_VERSION}`;

class UsageError extends Error {}

function fail(message: string, code = 2): never {
  // the message may carry a server's words (why it refused): nothing in them may move the cursor, and one line
  // (a second would read as one of this program's own, `tcp-chat: ...`)
  process.stderr.write(`tcp-chat: ${joinLines(cleanShown(message))}\n`);
  process.exit(code);
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** util.parseArgs with --help added and its errors turned into one-line usage errors. */
function parse<T extends Options>(args: string[], options: T) {
  // a negative number after an option that takes a value is that value (`--port -1`), which the option's own
  // check then refuses by name; Node 20's parseArgs took it for an option ("argument is ambiguous")
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const next = args[i + 1];
    // (`-p -1` as `--port -1`: an option's short name)
    const name = a.startsWith('--') ? a.slice(2) : /^-[A-Za-z]$/.test(a) ? Object.keys(options ?? {}).find((k) => options?.[k]?.short === a[1]) : undefined;
    if (name !== undefined && options?.[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message;
    // parseArgs' own words for an unknown option go on about positionals after '--': the option is what matters
    const unknown = /^Unknown option '([^']*)'/.exec(message);
    // (with the command's option it was likely meant to be: `--prot` -> `--port`)
    if (unknown) throw new UsageError(unknownOptionMessage(unknown[1] ?? '', [...Object.keys(options ?? {}), 'help']));
    // (its first line alone, "argument is ambiguous", left out what to do: `--nick -bob` is a value that starts
    // with a dash, or a value forgotten before another option)
    const ambiguous = /^Option '(-[A-Za-z]|--[\w-]+)' argument is ambiguous/.exec(message);
    const long = (opt: string) => (opt.startsWith('--') ? opt : `--${Object.keys(options ?? {}).find((k) => options?.[k]?.short === opt[1]) ?? opt.slice(1)}`);
    if (ambiguous) {
      const opt = ambiguous[1] ?? '';
      // the option followed by a dash (written alone, or last of a group of short ones: `-hn -bob`)
      const at = joined.findIndex((a, k) => (a === opt || (opt.length === 2 && /^-[A-Za-z]+$/.test(a) && a.endsWith(opt[1]!))) && (joined[k + 1] ?? '').startsWith('-'));
      const value = joined[at + 1] ?? '';
      const isOption = Object.entries({ ...options, help: { short: 'h' } }).some(([k, o]) => value === `--${k}` || value.startsWith(`--${k}=`) || (o.short !== undefined && value === `-${o.short}`));
      if (isOption) throw new UsageError(`${long(opt)} needs a value (see --help)`);
      throw new UsageError(`${long(opt)} "${value}": a value that starts with "-" is written ${long(opt)}=${value} (see --help)`);
    }
    const missing = /^Option '(?:-[A-Za-z], )?(--[\w-]+)[^']*' argument missing/.exec(message);
    if (missing) throw new UsageError(`${missing[1]} needs a value (see --help)`);
    throw new UsageError(`${message.split('\n')[0]} (see --help)`);
  }
}

/** The longest a Node timer waits (ms): 2^31 - 1. */
const MAX_TIMER_MS = 2_147_483_647;

/** `--limit name=value` (repeatable): any limit of docs/protocol.md, a whole number. */
function parseLimits(items: string[]): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const item of items) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(item);
    if (!m) throw new UsageError(`--limit "${item}": write name=number, like --limit maxLine=4096`);
    const name = m[1] as keyof Limits;
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new UsageError(`--limit "${m[1]}": no such limit (${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    // (`maxLine=1.5`, `rateBurst=-1`, `idleMs=1e4`: it was name=number, and was told to write name=number)
    if (!/^\d+$/.test(m[2]!)) throw new UsageError(`--limit "${item}": ${name} takes a whole number, ${MIN_LIMITS[name] ?? 0} or more (the default is ${DEFAULT_LIMITS[name]})`);
    const value = Number(m[2]);
    const least = MIN_LIMITS[name];
    // (a time in ms goes to a timer, whose longest is 2^31 - 1 ms: past it Node fires it at once, and a handshake
    // time of 3,000,000 s refused every netcat user on the spot)
    const most = MAX_LIMITS[name] ?? (name.endsWith('Ms') ? MAX_TIMER_MS : Number.MAX_SAFE_INTEGER);
    if (!Number.isSafeInteger(value) || value > most || (least !== undefined && value < least)) {
      const why = !Number.isSafeInteger(value) || value > most ? `too large (at most ${most})` : `at least ${least}`;
      throw new UsageError(`--limit ${name}=${m[2]}: ${why} (the default is ${DEFAULT_LIMITS[name]})`);
    }
    out[name] = value;
  }
  return out;
}

/**
 * The address `--bind` names as the socket takes it, so that whether it is loopback is decided on that: `127.1`
 * and `0x7f.1` are 127.0.0.1, `0` is 0.0.0.0, `LOCALHOST` is localhost (the WHATWG URL parser's reading of a host,
 * which is inet_aton's for IPv4; `127.1` was taken for another machine's address: a room key, TLS). An IPv6
 * address loses the brackets join writes it with (`[::1]`).
 */
function bindHost(text: string): string {
  const v6 = /^\[?([0-9a-fA-F]*:[0-9a-fA-F:.]*)\]?$/.exec(text);
  if (v6) {
    // (as written the shortest way: `0:0:0:0:0:0:0:1` is ::1, `::FFFF:127.0.0.1` is ::ffff:7f00:1)
    try {
      return new URL(`http://[${v6[1]}]`).hostname.slice(1, -1);
    } catch {
      return v6[1] ?? text;
    }
  }
  // (a name's letters only: `x@127.0.0.1` or `a/b` would be read as a URL's parts; listen says what is wrong)
  if (!/^[\w.-]+$/.test(text)) return text;
  try {
    return new URL(`http://${text}`).hostname;
  } catch {
    return text; // (no host name at all: listen says why)
  }
}

/** A whole number written as digits only ('' and `1e2`, `0x10`, ` 5` are not: Number() takes them), else NaN. */
function wholeNumber(text: string): number {
  return /^\d{1,15}$/.test(text) ? Number(text) : NaN;
}

/** 1 when messages typed or piped did not go (`unsent` of them left, or refused before they went), else `code`. */
/**
 * A line said while leaving (what still goes out, what did not): as the chat prints its lines, from a row of its own;
 * a line to send again (`asTyped`) unbroken, to be copied.
 */
function printLeaving(chat: TerminalChat | undefined, line: string, asTyped?: boolean): void {
  if (chat) chat.print(line, asTyped);
  else process.stdout.write(`${line}\n`);
}

function exitCode(unsent: number, chat: TerminalChat | undefined, code: number): number {
  return unsent > 0 || (chat?.refused() ?? 0) > 0 ? 1 : code;
}

/**
 * `text` with its control and invisible characters written out (`\u{200b}`): printed, they would be cleaned away,
 * and `a<ZWSP>b` read as "ab", a good name, in the message that refuses it.
 */
function shownInvisible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** `maxNick`: the longest the room takes (a host's own `--limit maxNick`, checked before it listens). */
function checkedNick(nick: string | undefined, maxNick?: number): string {
  // (typed decomposed, as a macOS terminal may: `e` + U+0301 is `é`, the form the server takes)
  const n = nick?.normalize('NFC') ?? defaultNick(maxNick);
  const err = nickError(n, maxNick);
  if (err) throw new UsageError(`--nick "${shownInvisible(n)}": ${err}${maxNick !== undefined && nickError(n) === null ? ` (--limit maxNick=${maxNick})` : ''}`);
  return n;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/** How often `join` on a terminal, started before its host, tries again (while --wait-for-host lasts). */
const HOST_POLL_MS = 1000;

async function connectClient(client: ChatClient, say: (t: string) => void): Promise<void> {
  try {
    await client.connect();
  } catch (e) {
    const err = e as Error & { code?: string; suggestion?: string };
    // (the suggestion is the server's word: a nickname only if it is a valid one)
    if (err.code === 'nick_taken' && err.suggestion && nickError(err.suggestion) === null) {
      // (its `; try "ada_2"` is done, not left to the user: "is taken; try "ada_2"; joining as ada_2" said it twice)
      say(`-- ${cleanShown(err.message.replace(`; try "${err.suggestion}"`, ''))}; joining as ${err.suggestion}`);
      client.nick = err.suggestion;
      await client.connect();
      return;
    }
    throw err;
  }
}

/** For `join --owner`: the keys a headless host of this user's on this machine wrote for `port` (ownerKeysFor). */
function ownerKeys(host: string, port: number): { keys: OwnerKeyReader; host: string } {
  // (the file is this machine's: sent anywhere else, the key would be given away)
  if (!isThisMachine(host)) throw new UsageError(`--owner joins a room hosted on this machine (127.0.0.1:${port}): ${host} is not one of its addresses`);
  const keys = ownerKeysFor(port);
  if ('error' in keys) fail(keys.error, 1);
  // where the host listens, and nowhere else: at another address of this machine, whoever listens on that port
  // there would get the owner key
  const at = keys().host;
  if (at !== undefined && at !== host) console.error(`-- --owner joins the room where its host listens, ${formatAddress({ host: at, port })} (the owner key goes nowhere else)`);
  return { keys, host: at ?? host };
}

async function host(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    port: { type: 'string', short: 'p' },
    bind: { type: 'string', short: 'b' },
    nick: { type: 'string', short: 'n' },
    headless: { type: 'boolean' },
    history: { type: 'string' },
    limits: { type: 'string' },
    'allow-plain': { type: 'boolean' },
    'no-bell': { type: 'boolean' },
    'history-file': { type: 'string' },
    'new-key': { type: 'boolean' },
    limit: { type: 'string', multiple: true },
  });
  if (values.help) return void console.log(HOST_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see --help)`);
  const port = values.port === undefined ? 55555 : /^\d{1,5}$/.test(values.port as string) ? Number(values.port) : -1;
  if (port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port number (0 to 65535; 0: any free one)`);
  // ('' is no address: an unset shell variable, which the socket took for every interface)
  if (values.bind === '') throw new UsageError('--bind needs an address: 127.0.0.1 (this machine, the default) or 0.0.0.0 (your network)');
  const bind = bindHost((values.bind as string | undefined) ?? '127.0.0.1');
  // (an address, or localhost: a name that only looks like one, `127.999.0.1`, goes to DNS, which may say anything)
  const loopback = (isIP(bind) !== 0 || bind === 'localhost') && isLoopback(bind);
  // ('' is no path: an unset shell variable, which kept no history without a word)
  if (values['history-file'] === '') throw new UsageError('--history-file needs a path');
  const history = values.history === undefined ? undefined : wholeNumber(values.history as string);
  if (history !== undefined && (!Number.isInteger(history) || history < 0)) throw new UsageError(`--history "${values.history}" must be a whole number, 0 or more`);
  if (values.limits !== undefined && values.limits !== 'off') throw new UsageError(`--limits takes only "off"`);
  if (values.limits === 'off' && !loopback) throw new UsageError('--limits off is only allowed on a loopback address (127.0.0.1)');
  const headless = Boolean(values.headless);
  // off loopback the room is private: a random key, TLS for rich clients, and an invite that carries the key
  const roomKey = loopback ? undefined : createRoomKey();
  const allowPlain = Boolean(values['allow-plain']);
  if (allowPlain && roomKey === undefined) throw new UsageError('--allow-plain is for private rooms (a non-loopback --bind); on loopback plain clients are always welcome');
  // (a private room keeps its key in its history file, so invites outlive a restart: --new-key is how to change it)
  const newKey = Boolean(values['new-key']);
  if (newKey && roomKey === undefined) throw new UsageError('--new-key is for private rooms (a non-loopback --bind); a room on loopback has no key');
  if (newKey && values['history-file'] === undefined) throw new UsageError('--new-key is for a private room with --history-file (without one every start makes a new room key)');
  // (a headless host has no seat in the room, so no nickname: one given would be ignored without a word)
  if (headless && values.nick !== undefined) throw new UsageError('--nick names the host in its room, and --headless hosts without joining it: give one of them');
  if (headless && values['no-bell']) throw new UsageError('--no-bell is for the host\'s seat in its room, and --headless hosts without joining it: give one of them');

  let chat: TerminalChat | undefined; // eslint-disable-line prefer-const -- assigned after the server starts
  const leavingLine = (line: string, asTyped?: boolean) => printLeaving(chat, line, asTyped);
  // the host's own output goes out at most every 50 ms (one write per burst of joins), in order
  const lines = new BatchedLines(process.stdout);
  process.on('exit', () => lines.flush());
  const print = (line: string) => lines.push(line);
  const say = (line: string) => (chat ? chat.print(line) : print(line));
  // (the local time, as the chat lines beside them have it: in UTC they were hours apart for most)
  const stamp = () => clockOf(Date.now(), true);
  const limits = { ...(values.limits === 'off' ? UNLIMITED : {}), ...(history !== undefined ? { history } : {}), ...parseLimits((values.limit as string[] | undefined) ?? []) };
  // (before it listens: a nickname its own room refuses started the room, then ended it)
  const nick = headless ? '' : checkedNick(values.nick as string | undefined, limits.maxNick);
  let server: ChatServer;
  /** The owner's /newkey made `key` (set once the room listens: its invites name its addresses). */
  let onNewKey = (_key: string): void => {};
  try {
    server = new ChatServer({
      host: bind,
      port,
      limits,
      log: (line, kind) => {
        if (headless || kind === 'warn') say(`[${stamp()}] ${line}`);
      },
      ...(roomKey !== undefined ? { roomKey, allowPlain, keepRoomKey: !newKey, onRoomKey: (k: string) => onNewKey(k) } : {}),
      ...(values['history-file'] !== undefined ? { historyFile: values['history-file'] as string } : {}),
    });
  } catch (e) {
    // a --history-file that is not one (or cannot be read): nothing was started, nothing was written
    fail((e as Error).message, 1);
  }
  let addr;
  try {
    addr = await server.listen();
  } catch (e) {
    const why = listenFailure(e as NodeJS.ErrnoException, bind, port, lanAddresses());
    fail(why.message, why.code);
  }
  // (the key its history file kept, when it had one: the invites given before this start still work)
  const key = server.roomKey;
  // (on a terminal, broken at spaces to its width as chat lines are, where the terminal broke them mid-word; a
  // command or an invite whole on a row of its own, to copy; piped, each line as it is)
  const columns = process.stdout.isTTY ? process.stdout.columns || 0 : 0;
  const banner = (line: string) => print(wrapBanner(line, columns));
  const shown = formatAddress({ host: addr.address, port: addr.port });
  banner(`listening on ${shown}`);
  // (as the socket says: `--bind ::0` is every interface too)
  const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
  const joinHosts = wildcard ? lanAddresses() : [addr.address];
  for (const h of joinHosts.length > 0 ? joinHosts : [addr.address]) {
    const invite = formatInvite({ host: h, port: addr.port, ...(key ? { key } : {}) });
    const nc = key && !allowPlain ? '' : `, or: ${netcatCommand({ host: h, port: addr.port })}`;
    // (the installed command, not `npx tcp-chat`: npx would fetch and run whatever is published under that name)
    // (a key on a command line is any local user's to read: join asks for the invite when given none)
    // (the command on a line of its own, whole to copy; the other ways under it: on one line, an 80-column terminal
    // broke it in the middle of a word; so did it the invite, after the words that say what to do with it)
    if (key) {
      banner('others join with: tcp-chat join, pasting the invite when it asks:');
      print(`  ${invite}`);
    } else print(headAndCommand('others join with:', `tcp-chat join ${invite}`, columns));
    banner(`  (or VS Code "TCP Chat: Join Chat"${nc})`);
  }
  if (loopback) banner('only this machine can join; use --bind 0.0.0.0 to let your network in');
  // (each row within 79 columns, as --help's: an 80-column terminal broke the longer ones mid-word)
  else banner('this room is private: only people with the invite (it holds the room key) can\n  join, over TLS');
  if (key !== roomKey) banner('the room key is as before (kept in the history file): the invites given earlier\n  still work; --new-key makes a new one');
  if (allowPlain) banner('warning: --allow-plain lets plain-text clients in after they type the room key\n  at PASS; their traffic, and the key they type, cross the network unencrypted');
  const self = ownerHostOf(addr.address);
  // a headless host has no seat in its room: its owner key, in a file of this user's, lets them join as the owner
  // (without it nobody could set the topic, kick, ban, or delete a secret someone else pasted)
  let ownerFile: string | undefined;
  if (headless) {
    try {
      ownerFile = writeOwnerKey(addr.port, { ownerKey: server.ownerKey, host: self, ...(key !== undefined ? { roomKey: key } : {}) });
      banner('to join as its owner (topic, kick, ban, op):');
      print(`  tcp-chat join ${formatAddress({ host: self, port: addr.port })} --owner`);
      banner(`  (the owner key is in ${ownerFile}, for your user only)`);
    } catch (e) {
      banner(`warning: cannot write the owner key (${(e as Error).message}): nobody can join this room as its owner`);
    }
  }

  // the owner's /newkey (typed here, or by an owner who joined with --owner): the owner file says the new key (the
  // owner's other windows join by it), and the new invites are printed, as the banner printed the first ones
  onNewKey = (k) => {
    if (ownerFile !== undefined) {
      try {
        writeOwnerKey(addr.port, { ownerKey: server.ownerKey, host: self, roomKey: k });
      } catch (e) {
        say(`[${stamp()}] warning: cannot write the new room key to the owner key file (${(e as Error).message}): join as the owner with the new invite`);
      }
    }
    say(`[${stamp()}] a new room key: the invites given before let nobody in now; others join with${joinHosts.length > 1 ? ' one of' : ''}:`);
    for (const h of joinHosts.length > 0 ? joinHosts : [addr.address]) say(`  ${formatInvite({ host: h, port: addr.port, key: k })}`);
  };

  let stopping = false;
  let client: ChatClient | undefined; // eslint-disable-line prefer-const -- assigned unless headless
  /** Ctrl+C again while the host's own lines still go out: stop waiting, list what did not. */
  let stopWaiting = false;
  /** `signal`: Ctrl+C, SIGTERM or a hang-up (the host's lines still on the way are said to be). */
  const stop = async (signal = false) => {
    if (stopping) {
      stopWaiting = true;
      return;
    }
    stopping = true;
    // (Ctrl+C again after the one that ended the input in the middle of a paste, as the terminal said: stop waiting)
    if (signal && chat?.draining()) stopWaiting = true;
    chat?.close();
    // the host's own typed or pasted lines go out before the room closes (half of a pasted 40 were lost); what did
    // not is listed, once the room closed if some were on their way (see leaveOwnRoom)
    const reason = 'the host closed the room';
    const unsent = client ? await leaveOwnRoom(client, server, reason, signal || Boolean(process.stdin.isTTY), () => stopWaiting, leavingLine, () => chat?.pendingListed() ?? []) : 0;
    await server.close(reason);
    if (ownerFile !== undefined) {
      try {
        removeOwnerKey(addr.port, server.ownerKey);
      } catch {
        // (a folder made unreadable since: the key in it is dead now anyway)
      }
    }
    await client?.leave();
    if (!headless) print('room closed'); // a headless host's log said it ("room closed: ...")
    await chat?.editorDone();
    // (history the file did not get: the log said how much)
    process.exit(exitCode(unsent, chat, server.lostAtClose > 0 ? 1 : 0));
  };
  // (Ctrl+C in an editor /open started is the editor's: TerminalChat.editing)
  process.on('SIGINT', () => {
    if (!chat?.editing()) void stop(true);
  });
  process.on('SIGTERM', () => void stop(true));
  // the terminal closed: the room closes as on Ctrl+C (its history saved, everyone told), where a hang-up killed it
  // unsaved. Node does not keep nohup's ignoring of SIGHUP, so a host with no terminal for its input or output
  // (nohup's redirections, a service) ignores it here: that host was started to outlive its terminal
  const detached = !process.stdin.isTTY && !process.stdout.isTTY;
  process.on('SIGHUP', () => (detached ? say(`[${stamp()}] the terminal closed (SIGHUP): the room stays open (Ctrl+C or SIGTERM closes it)`) : void stop(true)));
  lines.flush(); // what the host printed comes before the terminal chat's first line
  if (headless) return;
  // (no pings: the room's server is in this process, see pingAfterMs)
  client = new ChatClient({ host: self, port: addr.port, nick, ownerKey: server.ownerKey, clientName: CLI_NAME, pingAfterMs: Infinity, ...(key ? { roomKey: key } : {}) });
  // input that ends without a terminal (`< /dev/null`, nohup, a service) leaves the room open, as --headless
  // would; Ctrl+D on a terminal, and /quit, close it
  const inputEnd = process.stdin.isTTY ? () => void stop() : () => say('-- the input ended: the room stays open (Ctrl+C or SIGTERM closes it; --headless hosts without a seat)');
  chat = runTerminalChat(client, () => void stop(), inputEnd, { bell: !values['no-bell'] });
  await connectClient(client, say);
  chat.startInput();
}

/**
 * The address or invite `join` was not given on its command line, where other users of the machine read a private
 * room's key (ps, /proc): TCP_CHAT_INVITE, else asked for on the terminal.
 */
async function inviteNotOnCommandLine(): Promise<string> {
  const fromEnv = process.env.TCP_CHAT_INVITE?.trim();
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError('join needs an address, like 127.0.0.1:55555, or an invite (on a terminal it asks for one; else TCP_CHAT_INVITE) (see --help)');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const typed = await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined)); // (Ctrl+D)
      rl.once('SIGINT', () => rl.close()); // (else readline only pauses, and it waited for ever)
      rl.question('Address or invite (paste it; tcpchat://HOST:PORT/KEY): ', resolve);
    });
    if (typed === undefined || typed.trim() === '') throw new UsageError('no address or invite given');
    return typed.trim();
  } finally {
    rl.close();
  }
}

async function join(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { nick: { type: 'string', short: 'n' }, room: { type: 'string', short: 'r' }, 'wait-for-host': { type: 'string' }, owner: { type: 'boolean' }, 'no-bell': { type: 'boolean' } });
  if (values.help) return void console.log(JOIN_USAGE);
  const waitS = values['wait-for-host'] === undefined ? 60 : wholeNumber(values['wait-for-host'] as string);
  if (!Number.isInteger(waitS) || waitS < 0 || waitS > 86_400) throw new UsageError(`--wait-for-host "${String(values['wait-for-host'])}": a whole number of seconds from 0 to 86400`);
  // (`join HOST PORT`, as nc and telnet take them, is the address HOST:PORT)
  const hostPort = /^\d{1,5}$/.test(positionals[1] ?? '');
  const extra = positionals[hostPort ? 2 : 1];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" (see --help)`);
  const a = parseInvite(hostPort ? joinHostPort(positionals[0]!, positionals[1]!) : (positionals[0] ?? (await inviteNotOnCommandLine())));
  if (!a.ok) throw new UsageError(a.error);
  // (a command line is any local user's to read, in ps: a private room's key there lets them in)
  if (positionals[0] !== undefined && a.key !== undefined) {
    console.error('-- the room key is on this command line, where other users of this machine can read it (ps): `tcp-chat join` with no address asks for the invite, or takes it from TCP_CHAT_INVITE');
  }
  const nick = checkedNick(values.nick as string | undefined);
  const room = values.room === undefined ? undefined : normalizeRoom(values.room as string);
  if (room === null) throw new UsageError(`--room "${shownInvisible(String(values.room))}" is not a valid room name (letters, digits, _ - . up to 32)`);
  const owner = values.owner ? ownerKeys(a.host, a.port) : undefined;
  // the seat a join here that ended without leaving (killed, crashed) kept: taken back, as a reloaded window does
  const seat = owner ? undefined : takeSeat(a.host, a.port, values.nick === undefined ? undefined : nick, nick);
  /** This join's seat is given up (it left, or the room put it out): its file is not written again. */
  let seatDone = owner !== undefined;
  const dropSeat = () => {
    if (!seatDone) forgetSeat(a.host, a.port);
    seatDone = true;
  };
  const client = new ChatClient({
    host: owner?.host ?? a.host, port: a.port, nick: seat?.nicks.at(-1) ?? nick, clientName: CLI_NAME, rooms: room ? [room] : [],
    ...(seat ? { session: seat.session, nicknames: seat.nicks } : {}),
    // (as the owner: the keys its host's file has at each connection, new after a restart)
    ...(owner ? { keys: owner.keys } : a.key ? { roomKey: a.key } : {}),
    // a host that reloads its VS Code window closes the room and hosts it again on the same port seconds later
    reconnectAfterShutdown: waitS > 0,
    ...(waitS > 0 ? { hostWaitMs: waitS * 1000 } : {}),
  });
  let chat: TerminalChat | undefined; // eslint-disable-line prefer-const -- the quit handler needs it before it exists
  const leavingLine = (line: string, asTyped?: boolean) => printLeaving(chat, line, asTyped);
  let quitting = false;
  /** Ctrl+C (or another signal) while what was typed still goes out: stop waiting, list what did not. */
  let stopWaiting = false;
  /** `signal`: Ctrl+C, SIGTERM or SIGHUP (someone waits for it to leave, as on a terminal). */
  const quit = async (code = 0, signal = false) => {
    if (quitting) {
      stopWaiting = true;
      return;
    }
    quitting = true;
    // (Ctrl+C again after the one that ended the input in the middle of a paste, as the terminal said: stop waiting)
    if (signal && chat?.draining()) stopWaiting = true;
    chat?.close();
    // what was typed (or piped) before the input ended still goes out, at the room's pace; what never reached the
    // room (typed while the connection was down) is printed to send again
    // (left before the list when lines that went out are not acknowledged: the room's copies of them come then)
    const unsent = await sendBeforeLeaving(client, signal || Boolean(process.stdin.isTTY), () => stopWaiting, leavingLine, () => chat?.pendingListed() ?? [], () => client.leave());
    await client.leave();
    dropSeat(); // (it left: nothing to take back)
    await chat?.editorDone();
    process.exit(exitCode(unsent, chat, code));
  };
  // (Ctrl+C in an editor /open started is the editor's: TerminalChat.editing)
  process.on('SIGINT', () => {
    if (!chat?.editing()) void quit(0, true);
  });
  process.on('SIGTERM', () => void quit(0, true));
  // the terminal window closed: leave as Ctrl+C does (else the room would hold the seat 30 s for a return)
  process.on('SIGHUP', () => void quit(0, true));
  // its output gone (`| head`, a pager quit: EPIPE): nobody reads the room here any more, so it leaves (it stayed a
  // member, and sent what came in, for as long as its input lasted). Once: what quit prints goes nowhere either.
  let outputGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' || outputGone) return;
    outputGone = true;
    void quit();
  });
  chat = runTerminalChat(client, () => void quit(), undefined, { bell: !values['no-bell'], ...(seat?.room !== undefined && !room ? { room: seat.room } : {}) });
  if (!owner) {
    let seatSaid = false;
    // (kept as it changes, and every minute so that it is fresh when the process dies: the session the room knows,
    // the names it had, the rooms it is in, the one the prompt names)
    const keepSeat = () => {
      const session = client.sessionToken;
      if (session === undefined || seatDone) return;
      saveSeat(a.host, a.port, { session, nicks: client.ownNicks, startedAs: seat?.startedAs ?? nick, rooms: [...client.rooms.keys()], ...(chat ? { room: chat.room() } : {}) });
    };
    setInterval(keepSeat, SEAT_REFRESH_MS).unref();
    // a rename is kept before the terminal says "You are now ...": a join killed once it said so comes back as that
    // name (kept after the terminal's turn, the file could still have the old one when the process died)
    client.prependListener('server', (msg) => {
      if (msg.type === 'you') keepSeat();
    });
    client.on('server', (msg) => {
      // (the room knew the session: it goes on in it, under the name the room gave back; said once)
      if (msg.type === 'welcome' && seat !== undefined && msg.session === seat.session && !seatSaid) {
        seatSaid = true;
        chat?.print(`-- the last join here ended without leaving: this one goes on in its session, as ${cleanShown(msg.nick)}`);
      }
      // (after the terminal's turn: the room its prompt names now)
      if (msg.type === 'welcome' || msg.type === 'room' || msg.type === 'parted') keepSeat();
    });
  }
  // a first connection that fails (a taken nickname, tried again with the server's suggestion) is connectClient's
  // to handle: only a room that was joined can end
  client.on('status', async (status) => {
    if (!client.joinedOnce || status !== 'closed' || client.statusText === 'you left the chat') return;
    // (leaving already: quit prints what was not sent, once)
    if (quitting) return;
    // the client stopped waiting for the room (the terminal printed why, above): quit
    if (client.gaveUp) return void quit();
    if (client.waitingForHost) return;
    // the room ended (exit 0) or put this member out (kicked, banned, another nickname's session, or refused
    // while waiting for the room to come back, a new key: exit 1); the line that says why is printed, and no
    // prompt after it
    chat?.close();
    quitting = true;
    // (closed by its host and not waiting for it, by choice: the room ended; waiting, and stopped: refused)
    const code = client.hostClosed !== undefined && waitS <= 0 ? 0 : 1;
    dropSeat(); // (no seat left to take back)
    // what was typed or pasted and had not gone out is printed to send again, and says so in the exit code (a
    // paste the room closed under was dropped without a word, with exit 0)
    const unsent = await sendBeforeLeaving(client, false, () => true, leavingLine, () => chat?.pendingListed() ?? []);
    // (an editor opened by /open has the terminal: the process leaves once it exits, with the lines held for it)
    await chat?.editorDone();
    setTimeout(() => process.exit(exitCode(unsent, chat, code)), 50);
  });
  const hostBy = performance.now() + waitS * 1000;
  let waitSaid = false;
  for (;;) {
    try {
      await connectClient(client, (t) => chat?.print(t));
      break;
    } catch (e) {
      // Ctrl+C while it connects: the user left, and quit exits as it does after a join (the connection's end is no failure)
      if (quitting) return;
      const message = (e as Error).message;
      // a joiner started before its host (a pair starts both at once): on a terminal, nobody listening yet is waited
      // for as a host that went away is (--wait-for-host), said once; a script is told at once
      if (message.startsWith('nobody is listening') && process.stdin.isTTY && process.stdout.isTTY && performance.now() < hostBy) {
        if (!waitSaid) chat.print(`-- ${message} yet: waiting up to ${waitS} s for its host to start (Ctrl+C leaves)`);
        waitSaid = true;
        await new Promise((r) => setTimeout(r, HOST_POLL_MS));
        if (quitting) return;
        continue;
      }
      // (a name nobody typed, refused by a room with shorter names: the user is told where it came from)
      const untyped = values.nick === undefined && (e as { code?: string }).code === 'nick_invalid' ? ' (your nickname comes from git\'s user.name or your login name: choose one with --nick)' : '';
      fail(`cannot join ${formatAddress(a)}: ${message}${untyped}`, 1);
    }
  }
  // (--owner: said either way; a key the room did not take, from a file its host had not written anew yet, made a
  // member who thought they were the owner)
  if (owner) chat.print(client.role === 'owner' ? "-- you are the room's owner: /topic, /kick, /ban, /op, /delete <nick> (/help says more)" : "-- the room did not take your owner key (was its host started again just now?): you are a member");
  chat.startInput();
}

async function main(argv: string[]): Promise<void> {
  // output to a terminal that went away (EIO) or a reader that stopped (EPIPE) is lost, and must not stop the room
  // from closing (or the member from leaving) as it should
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'host':
      return host(rest);
    case 'join':
      return join(rest);
    case 'help':
      // (`help join`: join's, as `join --help` prints it)
      console.log(rest[0] === 'join' ? JOIN_USAGE : rest[0] === 'host' ? HOST_USAGE : MAIN_USAGE);
      return;
    case undefined:
    case '-h':
    case '--help':
      // (`--help join`: join's, as `help join` has it)
      if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'host' && rest[0] !== 'join')) throw new UsageError(`unexpected argument "${rest.at(-1)}" (see --help)`);
      console.log(rest[0] === 'join' ? JOIN_USAGE : rest[0] === 'host' ? HOST_USAGE : MAIN_USAGE);
      return;
    case '-V':
    case '--version':
    case 'version':
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" (see --help)`);
      console.log(`tcp-chat ${APP_VERSION}`);
      return;
    default:
      throw new UsageError(`unknown command "${cmd}": use host or join (see --help)`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) fail(e.message, 2);
  fail(e instanceof Error ? e.message : String(e), 1);
});
