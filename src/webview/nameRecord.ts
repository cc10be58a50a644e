// Records keyed by a room's or a person's name, without a prototype: a room called `constructor` or a nickname
// `__proto__` is a key like any other (on a plain object the first read Object's constructor, the second set
// the object's prototype and was lost).

/** A record by name: empty, or with the own entries of `from` (what vscode.getState gave back). */
export function nameRecord<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from ?? {});
}
