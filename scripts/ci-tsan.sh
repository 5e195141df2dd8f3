#!/usr/bin/env bash
# The whole Catch2 suite in a ThreadSanitizer build (gcc,
# -DPGSAFE_TSAN=ON, optimised so the corpus tests stay short). pgsafe
# parses, checks and formats on several threads (--jobs), so any data race
# fails the run: TSan halts on its first report, in the test binary and in
# every pgsafe it starts (exit status 66).
#
# Not run here: lock_oracle (the only ctest test outside Catch2), which
# checks pgsafe's lock table against PostgreSQL, not threading; the normal
# build of .ci/run runs it. libpg_query is Debian's prebuilt archive and not
# instrumented: TSan sees pgsafe's own memory, and the per-thread state
# libpg_query keeps is its own.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${PGSAFE_TSAN_BUILD_DIR:-build-tsan}
JOBS=${PGSAFE_JOBS:-2}

cmake -S . -B "$BUILD_DIR" -G Ninja -DPGSAFE_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j "$JOBS"

export TSAN_OPTIONS=halt_on_error=1:exitcode=66:second_deadlock_stack=1
# Run directly rather than through ctest, as scripts/ci-sanitize.sh explains.
"$BUILD_DIR/tests/pgsafe_tests"
