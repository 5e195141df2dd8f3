#!/usr/bin/env bash
# The test suite under a sanitizer build (gcc). Any report fails the run.
#
#   bash scripts/ci-sanitize.sh           AddressSanitizer + UndefinedBehaviorSanitizer
#                                         (-DPGSAFE_SANITIZE=ON, Debug): ASan aborts on
#                                         the first error, UBSan halts on the first
#                                         (-fno-sanitize-recover=all), LeakSanitizer
#                                         runs at exit.
#   bash scripts/ci-sanitize.sh thread    ThreadSanitizer (-DPGSAFE_TSAN=ON, optimised
#                                         so the corpus tests stay short): pgsafe parses,
#                                         checks and formats on --jobs threads, and TSan
#                                         halts on its first report, in the test binary
#                                         and in every pgsafe it starts (exit status 66).
#
# Not run here: lock_oracle (the only ctest test outside Catch2) starts a
# real PostgreSQL cluster and checks pgsafe's lock table, not memory or
# threads; the normal build of .ci/run runs it. Under ASan, also not:
#   [corpus]      lint the whole third-party corpus (3,700 files) several
#                 times; under ASan they take many minutes. The fuzzers cover
#                 the corpus-style inputs instead.
#   [big]         the 50 MB input test (bad_input_test.cpp) runs for minutes
#                 under ASan; the normal build runs it.
# libpg_query is Debian's prebuilt archive and not instrumented: the
# sanitizers see pgsafe's own code and memory.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-address}
JOBS=${PGSAFE_JOBS:-2}
case $MODE in
  address)
    BUILD_DIR=${PGSAFE_SANITIZE_BUILD_DIR:-build-asan}
    CONFIG=(-DPGSAFE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
    TESTS=('~[corpus]~[big]')
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ;;
  thread)
    BUILD_DIR=${PGSAFE_TSAN_BUILD_DIR:-build-tsan}
    CONFIG=(-DPGSAFE_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
    TESTS=()
    export TSAN_OPTIONS=halt_on_error=1:exitcode=66:second_deadlock_stack=1
    ;;
  *)
    echo "ci-sanitize: unknown mode '$MODE' (address or thread)" >&2
    exit 2
    ;;
esac

cmake -S . -B "$BUILD_DIR" -G Ninja "${CONFIG[@]}"
cmake --build "$BUILD_DIR" -j "$JOBS"

# The Catch2 suite is run directly rather than through ctest: ctest names
# are cut at ';' and Catch test specs split at ',', and a name that matches
# no test case "passes" under ctest without running anything.
"$BUILD_DIR/tests/pgsafe_tests" "${TESTS[@]}"
