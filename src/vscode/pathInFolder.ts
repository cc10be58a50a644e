// Where an absolute path written in chat (`/home/me/app/src/a.ts`, `C:\app\src\a.ts`: a stack trace's) is in a
// workspace folder of this window, if it is. Pure: no vscode import.

/**
 * `path` relative to the folder at `folder` (a file system path, as `Uri.fsPath` gives it), `/`-separated; undefined
 * when it is not under it, or goes up (`..`) on its way. `ignoreCase` where the file system does (Windows, macOS);
 * a drive letter's case never counts.
 */
export function pathInFolder(path: string, folder: string, ignoreCase: boolean): string | undefined {
  const norm = (p: string): string => {
    const slashed = p.replace(/\\/g, '/').replace(/^([A-Za-z]):\//, (_, d: string) => `${d.toLowerCase()}:/`);
    return ignoreCase ? slashed.toLowerCase() : slashed;
  };
  const base = norm(folder).replace(/\/+$/, '');
  const full = path.replace(/\\/g, '/');
  if (!/^(?:\/|[A-Za-z]:\/)/.test(full) || base === '' || norm(full.slice(0, base.length)) !== base || full[base.length] !== '/') return undefined;
  const rest = full.slice(base.length + 1).replace(/\/{2,}/g, '/').replace(/^\//, '');
  return rest === '' || rest.split('/').some((p) => p === '..' || p === '.') ? undefined : rest;
}
