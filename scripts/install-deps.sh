#!/usr/bin/env bash
# Installs every Debian 12 package Khabar needs to build, test and run.
# Idempotent and quiet when everything is already there; run as root (or
# with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsqlite3-dev sqlite3
  libstemmer-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer targets
  libboost-dev libmstch-dev  # web: Boost.Beast/Asio server, mustache templates
  zlib1g-dev                 # web: gzip answers
  libxml2-dev                # feed tests re-parse our Atom/RSS
  wrk jq                     # web load benchmark
  libsodium-dev              # accounts: argon2id, tokens, HMAC
  libgmime-3.0-dev           # newsletters: MIME composition
  libcurl4-openssl-dev       # SMTP delivery (and HTTP fetching)
  libpqxx-dev postgresql-15  # PostgreSQL backend; tests run a throw-away cluster
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
