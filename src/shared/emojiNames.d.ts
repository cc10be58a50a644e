// markdown-it-emoji's list of emoji names (GitHub's), which its typings leave out: name -> emoji.
declare module 'markdown-it-emoji/lib/data/full.mjs' {
  const names: Readonly<Record<string, string>>;
  export default names;
}
