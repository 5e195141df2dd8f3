#!/usr/bin/env bash
# Fails when a C++ source is not clang-format'd (.clang-format at the root).
# Usage: scripts/check-format.sh          (check)
#        scripts/check-format.sh --fix    (format in place)
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | grep -v -E '(^|/)generated/')
if [ "${1:-}" = "--fix" ]; then
  "$cf" -i "${files[@]}"
else
  "$cf" --dry-run --Werror "${files[@]}"
fi
