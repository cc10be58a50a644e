// Loaded with `node --import` into a CLI process by cli.test.ts: prints `locale data: <what>` to stderr whenever the
// process makes something that loads ICU's locale data (an Intl formatter, a toLocale*String), so a test can say
// that a host never does.
const say = (what) => process.stderr.write(`locale data: ${what}\n`);
for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) {
  const Real = Intl[name];
  Intl[name] = new Proxy(Real, {
    construct(target, args) { say(`Intl.${name}`); return Reflect.construct(target, args); },
    apply(target, self, args) { say(`Intl.${name}`); return Reflect.apply(target, self, args); },
  });
}
for (const [proto, names] of [[Number.prototype, ['toLocaleString']], [Date.prototype, ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']], [String.prototype, ['localeCompare']]]) {
  for (const name of names) {
    const real = proto[name];
    proto[name] = function (...args) { say(name); return real.apply(this, args); };
  }
}
