// Whether a message could pass for the start of another row when shown without its header (a follow-up in its
// author's group): `**alice** 09:32` on its first line reads as alice's message under mallory's, `\* me quits` as
// your /me, `→ carol joined` as a system line. Such a message is shown with its header, whoever's group it is in.

/** A time of day (`09:32`, `9:32`), not part of a longer run of digits and colons (`12:30:45`, `1:2:3`). */
const TIME_OF_DAY = /(?:^|[^\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])/;

/**
 * What a header, an action or a system line starts with, as Markdown writes it: emphasis (`**`, `__`, `*x`,
 * `_x`, a nickname in bold), an escaped star (`\* alice`, an action; a bare one then a space is a list's bullet),
 * an arrow or a pencil (the icons of joins, leaves and renames).
 */
const ROW_START = /^(?:\*\*|__|\*(?=\S)|_(?=\S)|\\\*|[\u2190-\u21FF\u2794-\u27BF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2B2F\u270E\u270F\u2710\u{1F4DD}])/u;

/** Whether `text`'s first line that is not blank could pass for the start of a row of its own (see above). */
export function mayPassForARowStart(text: string): boolean {
  const first = /^[ \t]*\S[^\n]*/m.exec(text)?.[0].trim() ?? '';
  return ROW_START.test(first) || TIME_OF_DAY.test(first);
}
