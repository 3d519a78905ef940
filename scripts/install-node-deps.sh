#!/usr/bin/env bash
# Installs what the browser and feed tests need: Debian's chromium (used by
# playwright-core; nothing downloads a browser) and Node.js with npm, then the
# locked node packages. Idempotent and quiet when everything is already there;
# run as root (or with sudo available) when Debian packages are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Checked by command, not by package: a Node.js from elsewhere (nodesource
# ships npm inside its nodejs package and conflicts with Debian's npm) is fine.
declare -A package_for=([chromium]=chromium [node]=nodejs [npm]=npm)

missing=()
for cmd in chromium node npm; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${package_for[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-node-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci wipes and rebuilds node_modules, so run it only when the lock file
# changed since the last install (npm writes node_modules/.package-lock.json).
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -e "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "install-node-deps: npm ci" >&2
  # No package here needs an install script; skipping them keeps anything
  # from fetching browsers or binaries behind our back.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
fi
