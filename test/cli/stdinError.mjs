// Loaded with `node --import` into a CLI process by cli.test.ts: once the process printed that it joined, its
// input fails as a terminal's read can (EIO), without ending, so a test can say what the process does then.
const write = process.stdout.write.bind(process.stdout);
let failed = false;
process.stdout.write = (chunk, ...rest) => {
  if (!failed && String(chunk).includes('joined!')) {
    failed = true;
    setImmediate(() => process.stdin.emit('error', Object.assign(new Error('read EIO'), { code: 'EIO' })));
  }
  return write(chunk, ...rest);
};
