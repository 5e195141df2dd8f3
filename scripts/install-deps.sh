#!/usr/bin/env bash
# Installs everything pgsafe needs to build and to run its whole test suite on
# Debian bookworm, from Debian's packages only. Safe to re-run: packages that
# are already installed are skipped.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build git ca-certificates pkg-config
  libpg-query-dev libcli11-dev nlohmann-json3-dev libfmt-dev catch2
  libsimdjson-dev libtomlplusplus-dev
  # tests: the lock oracle's PostgreSQL server, scripts, real validators and clients
  postgresql python3 pre-commit nodejs npm neovim
  # sanitizers and fuzzing
  clang-14 libclang-rt-14-dev clang-format-14
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# Packages whose commands may already come from elsewhere (a machine image
# can ship Node.js with its own npm, which Debian's npm package conflicts
# with): skip them when the command is already there.
declare -A provides=([nodejs]=node [npm]=npm)

missing=()
for p in "${packages[@]}"; do
  if [ -n "${provides[$p]:-}" ] && command -v "${provides[$p]}" >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PostgreSQL 15's server headers: src/raw_tree.cpp reads the parser's node
# structs directly. Debian ships them in postgresql-server-dev-15, whose
# dependencies pull in LLVM (about 300 MB, for building JIT-compiled server
# extensions), which pgsafe does not use. Unless that package is installed,
# fetch it with apt-get and unpack only its headers into /usr/local/include.
pg_headers=postgresql/15/server
if [ ! -f "/usr/include/$pg_headers/postgres.h" ] && [ ! -f "/usr/local/include/$pg_headers/postgres.h" ]; then
  echo "install-deps: unpacking the headers of postgresql-server-dev-15 into /usr/local/include/$pg_headers"
  export DEBIAN_FRONTEND=noninteractive
  [ "${#missing[@]}" -gt 0 ] || $sudo apt-get update -qq
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root postgresql-server-dev-15)
  dpkg-deb -x "$tmp"/postgresql-server-dev-15_*.deb "$tmp/root"
  $sudo mkdir -p "/usr/local/include/$pg_headers"
  $sudo cp -R "$tmp/root/usr/include/$pg_headers/." "/usr/local/include/$pg_headers/"
fi
