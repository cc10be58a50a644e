// Something that is not a chat client: an IRC client (irssi, WeeChat, HexChat, a bot) pointed at the room's port.
// Its registration would otherwise be taken for a plain client's nickname and messages: a member `CAP_LS_302`
// posted `NICK ada` and `USER ada 0 * :Ada Lovelace` to the room, and one set up with the server's password sends
// that first, `PASS hunter2`: the nickname `PASS_hunter2` was announced to everyone and written to the host's log.

import { HOW_TO_JOIN } from './httpRequest';

/**
 * What an IRC client says first (RFC 2812 section 3.1, IRCv3 capability negotiation): `CAP LS [302]`, `PASS
 * <password>`, `USER <user> <mode> <unused> :<real name>`. Upper case, as clients send them: nobody types them
 * as a nickname.
 */
const OPENING = /^(?:CAP LS(?: \d+)?|CAP REQ \S.*|PASS \S.*|USER \S+ \S+ \S+ .+)$/;
/** `NICK <name>`, an IRC client's first line when it has no password and asks for no capability: with USER after it. */
const NICK = /^NICK :?[^\s:]+$/;
const USER = /^USER \S+ \S+ \S+ .+$/;

/**
 * `text` (a connection's first line, and what came after it in the same read, as Latin-1 or decoded) is an IRC
 * client's registration. `NICK ada` alone is a plain client's answer to NICK (a netcat user may type it so): an
 * IRC client's only with its `USER` line after it, which comes in the same write.
 */
export function isIrcRegistration(text: string): boolean {
  const [first = '', next = ''] = text.trimStart().split('\n', 2).map((line) => line.replace(/\r$/, ''));
  return OPENING.test(first.trimEnd()) || (NICK.test(first.trimEnd()) && USER.test(next));
}

/**
 * What such a client is answered, as an IRC server closes a link (`ERROR :<reason>`, which IRC clients show), then
 * the connection is closed. `afterNick`: the client was sent `NICK` already (4 bytes, no line end), which the
 * line break makes a line of its own rather than the start of this one.
 */
export function ircRefusal(afterNick = false): string {
  return `${afterNick ? '\r\n' : ''}ERROR :This is a TCP Chat room, not an IRC server. ${HOW_TO_JOIN}\r\n`;
}
