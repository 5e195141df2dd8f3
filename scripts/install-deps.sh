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
