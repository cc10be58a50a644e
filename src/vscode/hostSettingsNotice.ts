// What a host is told when the port, bind address or history length settings change while its room runs: the room
// stays as it is until hosted again (it said "set tcpChat.bindAddress to 0.0.0.0 to let your network in", and
// whoever did so had a colleague refused with nothing said). Pure: no vscode import.

import type { SessionState } from './sessionState';
import { withCommas } from '../protocol/counts';
import { andList } from '../protocol/andList';

/** The settings a hosted room keeps as they were when it started (tcpChat.<name>). */
export const HOST_SETTINGS = ['bindAddress', 'port', 'historyLength'] as const;
export type HostSetting = (typeof HOST_SETTINGS)[number];

/** What the settings say now, for the room a window would host next. */
export interface HostSettings {
  bindAddress: string;
  /** 0: any free port. */
  port: number;
  historyLength: number;
}

/** What to tell the host; `hostAgain`: offer Host Again (not for a history length: without tcpChat.keepHistory a new room starts empty). */
export interface HostSettingsNotice {
  text: string;
  hostAgain: boolean;
}

/**
 * The notice for `state` when the `changed` settings changed, under the settings now; none when the room holds to
 * them. Only those changed count: a room moved off a busy port differs from the port setting from its start, and
 * another setting's notice said the port was for the next room. `keptPerRoom`: the messages per room the hosted room
 * keeps (its server's history length), which a new "tcpChat.historyLength" does not change while it runs.
 */
export function hostSettingsNotice(state: SessionState, now: HostSettings, changed: ReadonlySet<HostSetting>, keptPerRoom?: number): HostSettingsNotice | undefined {
  if (state.kind !== 'hosting') return undefined;
  const moved = changed.has('bindAddress') && now.bindAddress !== state.bind;
  const ported = changed.has('port') && now.port !== 0 && now.port !== state.port;
  const history = changed.has('historyLength') && keptPerRoom !== undefined && now.historyLength !== keptPerRoom;
  if (!moved && !ported) {
    if (!history) return undefined;
    return {
      text: `TCP Chat: the room you host keeps its last ${withCommas(keptPerRoom)} messages per room while it runs: the new "tcpChat.historyLength" (${withCommas(now.historyLength)}) applies when you host again, or when this window reloads (the room and everyone in it stay).`,
      hostAgain: false,
    };
  }
  // (every one changed that differs from the room's, named)
  const where = state.bind === '127.0.0.1' ? 'this machine only' : 'your network too';
  const names = [moved ? '"tcpChat.bindAddress"' : '', ported ? '"tcpChat.port"' : '', history ? '"tcpChat.historyLength"' : ''].filter((c) => c !== '');
  const named = `${andList(names)} ${names.length === 1 ? 'is' : 'are'}`;
  const keeping = history ? `, keeping ${withCommas(keptPerRoom)} messages per room,` : '';
  return { text: `TCP Chat: the room you host stays where it is (${where}, port ${state.port})${keeping} until you host again: the new ${named} for the next room. Host Again closes this one.`, hostAgain: true };
}
