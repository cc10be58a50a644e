// Something that is not a chat client: a web browser or curl pointed at the room's port. Its request line
// would otherwise be taken for a plain client's nickname, and its headers (cookies of other local servers
// among them: cookies are not kept per port) posted to the room as messages.

// any method (`curl -X FOO` sends its own): upper-case letters, a target, then the version
const REQUEST_LINE = /^[A-Z]{3,12} \S+ HTTP\/\d/;

/** `line` (a first line, or the start of the first bytes read as Latin-1) is an HTTP request line. */
export function isHttpRequestLine(line: string): boolean {
  return REQUEST_LINE.test(line);
}

/** The ways into a room, for a client that is none (a web browser, an IRC client: ircRegistration.ts). */
export const HOW_TO_JOIN = 'Join it with "TCP Chat: Join Chat" in VS Code, the tcp-chat command (tcp-chat join HOST:PORT), or nc/telnet.';

/** What such a client is answered: an HTTP response it can show, then the connection is closed. */
export function httpRefusal(): string {
  const body = `This is a TCP Chat room, not a web server. ${HOW_TO_JOIN}\n`;
  return `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
}
