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

/**
 * The port whose file a room tries at once, on the same port, when hosting on `port` with `historyPort`'s file
 * failed with `code`: EBUSY on a file that is not this port's own (windows with no folder keep one per port) is
 * that of the window hosting on the port this room moved off, not this port's: this port's file, no other port
 * asked for (the port picked as free was said to be busy too). Undefined: another port is to be picked.
 */
export function ownFileFirst(code: string | undefined, historyPort: number, port: number, perWorkspace: boolean): number | undefined {
  return code === 'EBUSY' && !perWorkspace && historyPort !== port ? port : undefined;
}
