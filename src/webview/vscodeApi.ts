// The webview's one channel to the extension: typed posts, and the small state VS Code keeps across reloads.
import type { FromPanel } from '../shared/panelMessages';

/** What the panel keeps in `vscode.setState` (the extension keeps the history; this is only UI state). */
export interface SavedState {
  activeRoom?: string;
  /** Unsent composer text per room. */
  drafts?: Record<string, string>;
  /** Previously sent texts, oldest first (for Up in the composer). */
  sent?: string[];
  /** Per room, the last seq the user has seen (for unread counts after a reload). */
  seen?: Record<string, number>;
  /** Direct conversations whose tab was closed: nick -> time of its last message then. */
  closedDms?: Record<string, number>;
  /** Per direct conversation (nick), the time of its last message when the user saw it. */
  seenDms?: Record<string, number>;
  /** The newest direct message the panel had at its last save (a conversation with no mark is unread after it). */
  dmsUpTo?: number;
  /** An edit under way: its conversation, its row's key, the message's seq and what the box holds (editInComposer). */
  editing?: { conv: string; key: string; seq: number; text: string };
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export function post(msg: FromPanel): void {
  api.postMessage(msg);
}

export function loadState(): SavedState {
  const s = api.getState();
  if (s !== null && typeof s === 'object') return s as SavedState;
  // a panel opened anew after one was closed (VS Code dropped its state): what the extension kept of it
  const kept = document.getElementById('app')?.dataset.state;
  if (kept === undefined) return {};
  try {
    const k: unknown = JSON.parse(kept);
    return k !== null && typeof k === 'object' ? (k as SavedState) : {};
  } catch {
    return {};
  }
}

/** How often at most the state goes to the extension too (it changes as each message is seen). */
const MIRROR_MS = 250;
let mirrorTimer: ReturnType<typeof setTimeout> | undefined;

let pending: SavedState | undefined;
/** Merges `patch` into the saved state (coalesced to one setState per task). */
export function saveState(patch: Partial<SavedState>): void {
  if (later !== undefined) {
    // (what waited goes with it, under it: this patch is newer)
    const waited = later;
    later = undefined;
    clearTimeout(laterTimer);
    laterTimer = undefined;
    patch = { ...waited, ...patch };
  }
  if (pending === undefined) {
    pending = { ...loadState() };
    queueMicrotask(() => {
      api.setState(pending);
      for (const k of savedJson.keys()) savedJson.set(k, jsonOf(pending?.[k]));
      pending = undefined;
      // (to the extension, which keeps it for a panel opened after this one is closed: VS Code drops it then)
      mirrorTimer ??= setTimeout(() => {
        mirrorTimer = undefined;
        const s = api.getState();
        if (s !== null && typeof s === 'object') api.postMessage({ type: 'uiState', state: s } satisfies FromPanel);
      }, MIRROR_MS);
    });
  }
  Object.assign(pending, patch);
}

/**
 * How long at most marks of what was seen wait to be saved. They change with every message read in a busy room, and
 * each save encodes the whole state (up to ~100 KB with the sent history) for VS Code: 58 saves a second at 1,000
 * messages a second. A panel torn down within this time shows the last few messages it had read as new again.
 */
const LATER_MS = 1000;
let later: Partial<SavedState> | undefined;
let laterTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Merges `patch` into the saved state within LATER_MS (with the next saveState if that comes first); a patch that
 * holds what is saved already saves nothing. For marks that change often and cost little when a few are lost.
 */
export function saveStateLater(patch: Partial<SavedState>): void {
  const keys = Object.keys(patch) as (keyof SavedState)[];
  for (const k of keys) if (!savedJson.has(k)) savedJson.set(k, jsonOf(loadState()[k]));
  // (compared as JSON: VS Code's getState gives back the objects saved, which the panel changes in place since)
  if (later === undefined && keys.every((k) => jsonOf(patch[k]) === savedJson.get(k))) return;
  later = { ...later, ...patch };
  laterTimer ??= setTimeout(saveWaiting, LATER_MS);
}

/** Each key saveStateLater was given, as JSON, as last saved. */
const savedJson = new Map<keyof SavedState, string | undefined>();

function jsonOf(v: unknown): string | undefined {
  return v === undefined ? undefined : JSON.stringify(v);
}

/** Saves what saveStateLater holds now. */
function saveWaiting(): void {
  if (later !== undefined) saveState({});
}

// a panel hidden is torn down (and a reload of it): what waits is saved on the way out
addEventListener('pagehide', saveWaiting);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') saveWaiting();
});
