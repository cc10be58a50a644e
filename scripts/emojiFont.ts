// Whether this machine can draw the panel's reaction emoji (👍 👀 🎉 ✅ ❤️ 😄) in screenshots. Headless
// Chromium on a bare Debian has no colour emoji font and draws each as an empty box, which a screenshot
// in docs/ must not show. Debian's package: fonts-noto-color-emoji (.ci/run installs it).
import { spawnSync } from 'node:child_process';

/** Why screenshots would show boxes for emoji, or null when a font covers them (asks fontconfig). */
export function missingEmojiFont(): string | null {
  const r = spawnSync('fc-list', [':charset=1f44d 1f440 1f389', 'family'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `fc-list did not run (${r.error?.message ?? `exit ${r.status}`}): cannot tell whether emoji draw`;
  return r.stdout.trim() ? null : 'no font draws emoji here: screenshots would show empty boxes (apt-get install -y fonts-noto-color-emoji)';
}
