// A realistic conversation for screenshots and layout tests: messages (one with reactions), a code card, a DM, a /me, join/leave
// and nick lines, members with roles (one away: its window is reloading), unread rooms and someone typing.
import type { RoomEvent } from '../../src/protocol/messages';
import type { PanelSnapshot, ToPanel } from '../../src/shared/panelMessages';
import { dm, makeSnapshot, msg, T0 } from './harness';

const at = (min: number) => T0 + min * 60_000;
const room = 'general';

export function conversation(): { snapshot: PanelSnapshot; live: ToPanel[] } {
  const events: RoomEvent[] = [
    { type: 'join', room, seq: 1, time: at(0), nick: 'carol', role: 'member' },
    msg(room, 2, 'alice', 'Morning! I pushed the resume fix, can you look at src/node/chatClient.ts:142?', { time: at(1) }),
    msg(room, 3, 'alice', 'The bug: we dropped the **last seen** `seq` when the socket closed mid-line.', {
      time: at(1), reactions: [{ emoji: '👀', by: ['bob', 'me'] }, { emoji: '🎉', by: ['carol'] }],
    }),
    msg(room, 4, 'me', '@alice looking now. Is it the `onClose` path?', { time: at(2), edited: at(2.5) }),
    msg(room, 5, 'bob', 'function resumePoint(room: Room): ResumePoint {\n  // the last event we rendered, not the last we received\n  return { epoch: room.epoch, seq: room.lastSeq };\n}', {
      time: at(3), kind: 'code', code: { path: 'src/node/chatClient.ts', language: 'typescript', startLine: 138, endLine: 141 },
    }),
    msg(room, 6, 'alice', 'is running the fuzz tests', { time: at(4), kind: 'action' }),
    { type: 'nick', room, seq: 7, time: at(5), from: 'dave', to: 'dave_w' },
    { type: 'leave', room, seq: 8, time: at(6), nick: 'erin', reason: 'quit' },
    msg(room, 9, 'carol', '@me the webview guide explains the CSP part: https://code.visualstudio.com/api/extension-guides/webview', { time: at(7) }),
    msg(room, 10, 'carol', 'and `npm test` is green here', { time: at(7) }),
    msg(room, 11, 'alice', 'bench at 500 clients:\n\n| 200 msg/s | before | after |\n|:--|--:|--:|\n| p99 | 14 ms | **6 ms** |\n| lost | 0 | 0 |', { time: at(8) }),
  ];
  const snapshot = makeSnapshot({
    nick: 'me',
    rooms: [
      {
        name: room, epoch: 'e1', topic: 'Pairing on the TCP server: reconnect + resume', events,
        members: [{ nick: 'alice', role: 'owner' }, { nick: 'bob', role: 'op' }, { nick: 'carol', role: 'member' }, { nick: 'dave_w', role: 'member', away: true }, { nick: 'me', role: 'member' }],
      },
      { name: 'release', epoch: 'e1', topic: 'v0.1 checklist', members: [{ nick: 'alice', role: 'owner' }, { nick: 'me', role: 'member' }], events: [] },
    ],
    dms: [dm('alice', 'me', 'can you take the review after lunch?', { time: at(8) })],
  });
  const live: ToPanel[] = [
    { type: 'server', msg: msg('release', 1, 'alice', 'tagging at 5pm', { time: at(8) }) },
    { type: 'server', msg: msg('release', 2, 'alice', 'ping me if something blocks', { time: at(8) }) },
    { type: 'server', msg: dm('alice', 'me', 'thanks!', { time: at(9) }) },
    { type: 'server', msg: { type: 'typing', room, nick: 'bob' } },
  ];
  return { snapshot, live };
}

