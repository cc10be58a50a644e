/**
 * A whole number with its thousands grouped by commas ("20,000"), for messages to users. Written out rather than
 * `toLocaleString('en-US')`: that loads ICU's locale data, about 5 MB of the node executable's pages that then stay
 * resident in a host that only needed it for one error message.
 */
export function withCommas(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : `${part},${out}`;
  }
  return n < 0 && out !== '0' ? `-${out}` : out;
}
