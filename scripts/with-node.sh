#!/usr/bin/env bash
# Runs a command under another Node.js major version, e.g. `scripts/with-node.sh 24 npx vitest run`,
# rebuilding better-sqlite3 for it first when the installed build does not load there.
#
# Why not just `npx -p node@24 -c "npm rebuild better-sqlite3"`: the addon must be compiled against
# that release's headers, node-gyp cannot download them here, and this machine's npm config sets
# `nodedir=/usr` (the system Node 20's headers). Such a rebuild "succeeds" and yields a Node 20
# addon that Node 24 refuses to load (NODE_MODULE_VERSION 115 vs 137), which the schema engine used
# to report as "External error id#0". The registry's node-linux-<arch> package (what the `node`
# package installs) carries one release's binary and its headers together, so both come from it.
#
# The release is unpacked once into node_modules/.cache/node-<major> (SHIPYARD_NODE_CACHE moves it).
# Going back to the system Node afterwards needs `npm rebuild better-sqlite3` under it.
set -euo pipefail

major=${1:?usage: scripts/with-node.sh <major> <command...>}
shift
[ $# -gt 0 ] || { echo "usage: scripts/with-node.sh <major> <command...>" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "with-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
dir="${SHIPYARD_NODE_CACHE:-$repo/node_modules/.cache}/node-$major"

if [ ! -x "$dir/bin/node" ] || [ ! -f "$dir/include/node/node_version.h" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tarball=$(cd "$tmp" && npm pack --silent "node-linux-$arch@$major" | tail -n 1)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/$tarball" -C "$tmp/unpacked" --strip-components=1
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$tmp/unpacked" "$dir"
  rm -rf "$tmp"
  trap - EXIT
fi

export PATH="$dir/bin:$PATH"
# Environment settings outrank ~/.npmrc: node-gyp builds against the headers of the Node that runs.
export npm_config_nodedir="$dir"

loads() { (cd "$repo" && node -e 'new (require("better-sqlite3"))(":memory:").close()') 2>/dev/null; }
if ! loads; then
  echo "with-node: rebuilding better-sqlite3 for Node $(node --version)" >&2
  (cd "$repo" && npm rebuild better-sqlite3 >&2)
  loads || { echo "with-node: better-sqlite3 still does not load under Node $(node --version)" >&2; exit 1; }
fi

exec "$@"
