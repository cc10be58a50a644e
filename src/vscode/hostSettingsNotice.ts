// What a host is told when the port, bind address or history length settings change while its room runs: the room
// stays as it is until hosted again (it said "set tcpChat.bindAddress to 0.0.0.0 to let your network in", and
// whoever did so had a colleague refused with nothing said). Pure: no vscode import.

import type { SessionState } from './sessionState';
import { withCommas } from '../protocol/counts';

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
 * The notice for `state` under the settings now, or none when they hold. `keptPerRoom`: the messages per room the
 * hosted room keeps (its server's history length), which a new "tcpChat.historyLength" does not change while it runs.
 */
export function hostSettingsNotice(state: SessionState, now: HostSettings, keptPerRoom?: number): HostSettingsNotice | undefined {
  if (state.kind !== 'hosting') return undefined;
  const moved = now.bindAddress !== state.bind;
  if (moved || (now.port !== 0 && now.port !== state.port)) {
    const where = state.bind === '127.0.0.1' ? 'this machine only' : 'your network too';
    const setting = moved ? '"tcpChat.bindAddress"' : '"tcpChat.port"';
    return { text: `TCP Chat: the room you host stays where it is (${where}, port ${state.port}) until you host again: the new ${setting} is for the next room. Host Again closes this one.`, hostAgain: true };
  }
  if (keptPerRoom !== undefined && now.historyLength !== keptPerRoom) {
    return {
      text: `TCP Chat: the room you host keeps its last ${withCommas(keptPerRoom)} messages per room while it runs: the new "tcpChat.historyLength" (${withCommas(now.historyLength)}) applies when you host again, or when this window reloads (the room and everyone in it stay).`,
      hostAgain: false,
    };
  }
  return undefined;
}
