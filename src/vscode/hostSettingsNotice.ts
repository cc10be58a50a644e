// What a host is told when the port or bind address settings change while its room runs: the room stays where it
// is until hosted again (it said "set tcpChat.bindAddress to 0.0.0.0 to let your network in", and whoever did
// so had a colleague refused with nothing said). Pure: no vscode import.

import type { SessionState } from './sessionState';

/** The notice for `state` under the settings now (`bindAddress`, `port`; port 0: any), or none when they hold. */
export function hostSettingsNotice(state: SessionState, bindAddress: string, port: number): string | undefined {
  if (state.kind !== 'hosting') return undefined;
  const moved = bindAddress !== state.bind;
  if (!moved && (port === 0 || port === state.port)) return undefined;
  const where = state.bind === '127.0.0.1' ? 'this machine only' : 'your network too';
  const setting = moved ? '"tcpChat.bindAddress"' : '"tcpChat.port"';
  return `TCP Chat: the room you host stays where it is (${where}, port ${state.port}) until you host again: the new ${setting} is for the next room. Host Again closes this one.`;
}
