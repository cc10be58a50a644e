#!/bin/sh
# Installs the end-to-end test toolchain into a cache folder (never into the project's package.json):
#   code-server (the real VS Code workbench + a Node extension host), playwright-core, @vscode/vsce.
# Idempotent: does nothing when the marker file records the same versions.
#
# Needs (apt, once): chromium libkrb5-dev make g++ python3   (npm and Node 20 with headers in /usr/include/node)
# Usage: sh scripts/e2e-setup.sh      cache: ${TCP_CHAT_E2E_CACHE:-$HOME/.cache/tcp-chat-e2e}
set -eu

CODE_SERVER_VERSION=4.100.3   # VS Code 1.100.3, the newest code-server that runs on Node 20
PLAYWRIGHT_VERSION=1.65.1
VSCE_VERSION=3.9.2
RG_PINNED=1.15.11             # @vscode/ripgrep version code-server 4.100.3 depends on
RG_NPM=1.18.0                 # @vscode/ripgrep-linux-x64 version whose rg binary seeds the download cache
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE=${TCP_CHAT_E2E_CACHE:-$HOME/.cache/tcp-chat-e2e}
MARKER="$CACHE/.installed"
WANT="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION @vscode/vsce@$VSCE_VERSION node@$(node -p process.versions.node)"

up_to_date() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ] && [ -x "$CACHE/node_modules/.bin/code-server" ] && [ -x "$CACHE/node_modules/.bin/vsce" ]
}
if up_to_date; then
  echo "e2e-setup: up to date in $CACHE ($WANT)"
  exit 0
fi

# one installer at a time (test files run in parallel): a lock dir holding the owner's pid, stale locks are taken over
mkdir -p "$CACHE"
LOCK="$CACHE/.setup-lock"
waited=0
until mkdir "$LOCK" 2>/dev/null; do
  owner=$(cat "$LOCK/pid" 2>/dev/null || true)
  if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
    echo "e2e-setup: removing stale lock of pid $owner" >&2
    rm -rf "$LOCK"
    continue
  fi
  waited=$((waited + 1))
  if [ "$waited" -gt 900 ]; then echo "e2e-setup: $LOCK held for 15 min by pid ${owner:-?}" >&2; exit 1; fi
  sleep 1
done
echo $$ > "$LOCK/pid"
trap 'rm -rf "$LOCK"' EXIT INT TERM
if up_to_date; then
  echo "e2e-setup: up to date in $CACHE ($WANT), installed by another run"
  exit 0
fi

for tool in node npm make g++ python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e-setup: missing $tool (apt-get install -y make g++ python3)" >&2; exit 1; }
done
[ -x /usr/bin/chromium ] || echo "e2e-setup: warning: /usr/bin/chromium missing (apt-get install -y chromium)" >&2
[ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ] || echo "e2e-setup: warning: krb5 headers missing (apt-get install -y libkrb5-dev)" >&2

mkdir -p "$CACHE/tmp"
cd "$CACHE"
rm -f "$MARKER"
export TMPDIR="$CACHE/tmp"

# 1) code-server pins @vscode/ripgrep whose postinstall downloads rg from GitHub (and retries forever offline).
#    Seed its download cache ($TMPDIR/vscode-ripgrep-cache-<version>) with the rg binary that is published on npm.
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-$RG_PINNED"
if [ ! -f "$RG_CACHE/$RG_ASSET" ]; then
  rm -rf "$TMPDIR/rg-seed" && mkdir -p "$TMPDIR/rg-seed" "$RG_CACHE"
  (cd "$TMPDIR/rg-seed" && npm pack "@vscode/ripgrep-linux-x64@$RG_NPM" --silent >/dev/null)
  tar xzf "$TMPDIR"/rg-seed/vscode-ripgrep-linux-x64-*.tgz -C "$TMPDIR/rg-seed"
  tar czf "$RG_CACHE/$RG_ASSET" -C "$TMPDIR/rg-seed/package/bin" rg
  rm -rf "$TMPDIR/rg-seed"
fi

# 2) install.
#    unsafe_perm: code-server's postinstall refuses to run as root without it;
#    build_from_source: no prebuilt-binary downloads from GitHub (argon2, kerberos): compile with node-gyp;
#    nodedir=/usr: use the local Node headers, never download them;
#    yes=true: node-pty's postinstall runs `npx node-gyp`, which aborts when npm's `yes=false` (as in /root/.npmrc).
[ -f package.json ] || echo '{"name":"tcp-chat-e2e-cache","private":true}' > package.json
npm_config_unsafe_perm=true npm_config_build_from_source=true npm_config_nodedir=/usr npm_config_yes=true \
npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
  npm i --save-exact --foreground-scripts --loglevel=warn \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "@vscode/vsce@$VSCE_VERSION"

# 3) smoke check, with code-server's config kept out of ~/.config
XDG_CONFIG_HOME="$TMPDIR/xdg" XDG_DATA_HOME="$TMPDIR/xdg" ./node_modules/.bin/code-server --version
./node_modules/.bin/vsce --version
echo "$WANT" > "$MARKER"
echo "e2e-setup: installed into $CACHE"
