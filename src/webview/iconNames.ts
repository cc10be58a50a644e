// The codicons the panel draws, and only these: the build turns each into a CSS mask of its SVG (dist/icons.css,
// scripts/build.mjs reads this list), so the panel carries ~30 icons instead of the whole codicon font.

export const ICON_NAMES = [
  'account', 'add', 'arrow-down', 'arrow-left', 'arrow-right', 'arrow-up', 'broadcast', 'check', 'chevron-down', 'chevron-left', 'chevron-right',
  'chevron-up',
  'circle-slash', 'close', 'copy', 'debug-disconnect', 'edit', 'ellipsis', 'error', 'file-code', 'go-to-file', 'info',
  'loading', 'mail', 'markdown', 'megaphone', 'organization', 'reactions', 'reply', 'search', 'send', 'shield',
  'star-full', 'trash',
] as const;

export type IconName = (typeof ICON_NAMES)[number];
