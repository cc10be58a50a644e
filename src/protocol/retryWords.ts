// A connection's status while its client waits to try again, in words: why, and in how long ("connection lost;
// reconnecting in 2.4 s..."), or, once the attempt is under way, "connection lost; reconnecting...". The client says
// it with its delay; the panel's banner counts the delay down (src/webview/retryCountdown.ts). Pure.

/** `why`: what the client waits after; `seconds`: the figure of the wait left, undefined once the attempt is made. */
export function retryWords(why: string, seconds?: string): string {
  return seconds === undefined ? `${why}; reconnecting...` : `${why}; reconnecting in ${seconds} s...`;
}
