#!/usr/bin/env bash
# Installs what the integration and end-to-end tests need, once, into a git-ignored cache:
# code-server 4.100.3 (VS Code 1.100.3 on Node 20) and Debian's Chromium.
# Safe to run again: it returns at once when everything is already there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="4.100.3"
prefix="$root/.vscode-test/code-server-$version"
bin="$prefix/node_modules/.bin/code-server"
# Written last, so that an interrupted install is redone rather than half used.
marker="$prefix/.complete"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
if [ ! -f "$marker" ]; then
  for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-test-host: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -f "$marker" ]; then
  exit 0
fi

echo "setup-test-host: installing code-server $version into $prefix (first run only, a few minutes)"
# @vscode/ripgrep downloads rg from GitHub in postinstall unless its cache already holds the archive.
tmp="${TMPDIR:-/tmp}"
cache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
stage="$(mktemp -d)"
cp "$(command -v rg)" "$stage/rg"
tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
rm -rf "$stage"

rm -rf "$prefix"
mkdir -p "$prefix"
echo '{"name":"code-server-host","private":true}' > "$prefix/package.json"
# unsafe_perm: its postinstall refuses to run as root otherwise; yes: nested npx must not prompt.
# npm 11 skips dependencies' install scripts unless allowed, and code-server's build its native modules.
allow=()
if npm help install-scripts >/dev/null 2>&1; then allow=(--dangerously-allow-all-scripts); fi
( cd "$prefix" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-save --no-audit --no-fund --loglevel=error "${allow[@]}" "code-server@$version" )
test -x "$bin"
touch "$marker"
echo "setup-test-host: code-server ready"
