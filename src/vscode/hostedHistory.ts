// Which history file a hosted room keeps in the window's storage, and which it goes on with when it moves port.

/**
 * The history file's name: one per workspace; windows with no folder share one storage, so there a file per port
 * (the port the room was first hosted on), so that two of them can host at once.
 */
export function historyFileName(perWorkspace: boolean, port: number): string {
  return perWorkspace ? 'hosted-room.json' : `hosted-room-${port}.json`;
}

/**
 * The port whose file a room keeps when hosting with `historyPort`'s file failed with `code` and the room moves
 * to port `next`: the same file when the port was only busy or not allowed (the file is this room's: its history
 * goes with it), the next port's when the file is another window's (EBUSY: that window hosts on the port).
 */
export function historyPortAfter(code: string | undefined, historyPort: number, next: number): number {
  return code === 'EBUSY' ? next : historyPort;
}
