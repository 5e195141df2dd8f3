#!/usr/bin/env bash
# The whole test suite in an AddressSanitizer + UndefinedBehaviorSanitizer
# build (gcc, -DPGSAFE_SANITIZE=ON). Any sanitizer report fails the run:
# ASan aborts on the first error, UBSan halts on the first (the build uses
# -fno-sanitize-recover=all), and LeakSanitizer runs at exit.
#
# Excluded from this pass (they run in the normal build of .ci/run):
#   lock_oracle   (the only ctest test outside Catch2) starts a real
#                 PostgreSQL cluster; it checks pgsafe's lock
#                 table, not memory safety, and takes minutes.
#   [corpus]      lint the whole third-party corpus (3,700 files) several
#                 times; under ASan they take many minutes. The fuzzers cover
#                 the corpus-style inputs instead.
#   [big]         the 50 MB input test (bad_input_test.cpp) runs for minutes
#                 under ASan; the normal build runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${PGSAFE_SANITIZE_BUILD_DIR:-build-asan}
JOBS=${PGSAFE_JOBS:-2}

cmake -S . -B "$BUILD_DIR" -G Ninja -DPGSAFE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build "$BUILD_DIR" -j "$JOBS"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The Catch2 suite is run directly rather than through ctest: ctest names
# are cut at ';' and Catch test specs split at ',', and a name that matches
# no test case "passes" under ctest without running anything.
"$BUILD_DIR/tests/pgsafe_tests" '~[corpus]~[big]'
