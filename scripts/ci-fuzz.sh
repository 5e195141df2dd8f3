#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-14, ASan+UBSan) and runs each
# for a bounded time. Fails on any crash, leak, timeout, out-of-memory or
# sanitizer report; prints how many inputs each target executed.
#
#   FUZZ_SECONDS=60          run time per target
#   PGSAFE_FUZZ_EXTRA_SEEDS  extra read-only seed directories (colon
#                            separated), e.g. ../shared/corpus
#
# Inputs that crashed once live in testdata/regressions/<target>/ and are
# replayed first (the test suite replays them through pgsafe too).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${PGSAFE_FUZZ_BUILD_DIR:-build-fuzz}
JOBS=${PGSAFE_JOBS:-2}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}

CC=clang-14 CXX=clang++-14 cmake -S fuzz -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j "$JOBS" --target fuzz_pipeline fuzz_suppress fuzz_config

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Seed corpora: every SQL file of testdata/ for the SQL targets, the TOML
# seeds of fuzz/seeds/config for the config target.
seed_dir() {
  local target=$1 dir="$BUILD_DIR/seeds/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  case $target in
    fuzz_config) cp fuzz/seeds/config/* "$dir"/ ;;
    *)
      local n=0 f
      while IFS= read -r -d '' f; do
        n=$((n + 1))
        cp "$f" "$dir/seed-$n.sql"
      done < <(find testdata -name '*.sql' -size -64k -print0 | sort -z)
      [ "$target" = fuzz_suppress ] && cp fuzz/seeds/suppress/* "$dir"/
      ;;
  esac
  echo "$dir"
}

summary=()
failed=0
for target in fuzz_pipeline fuzz_suppress fuzz_config; do
  bin="$BUILD_DIR/$target"
  work="$BUILD_DIR/corpus/$target"          # new inputs go here (first dir)
  artifacts="$BUILD_DIR/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  seeds=$(seed_dir "$target")
  extra=()
  if [ "$target" != fuzz_config ] && [ -n "${PGSAFE_FUZZ_EXTRA_SEEDS:-}" ]; then
    IFS=: read -r -a extra <<< "$PGSAFE_FUZZ_EXTRA_SEEDS"
  fi
  max_len=16384
  [ "$target" = fuzz_config ] && max_len=4096

  # Regression inputs first: each must run clean.
  regressions="testdata/regressions/$target"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    echo "== $target: replaying $regressions"
    if ! "$bin" -rss_limit_mb=2048 -timeout=10 "$regressions"/*; then
      echo "ci-fuzz: $target fails on a regression input" >&2
      failed=1
      continue
    fi
  fi

  echo "== $target: fuzzing for ${SECONDS_PER_TARGET}s"
  log="$BUILD_DIR/$target.log"
  status=0
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" "${extra[@]}" > "$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    tail -60 "$log" >&2
    echo "ci-fuzz: $target FAILED (exit $status); the input is in $artifacts/" >&2
    summary+=("$target: FAILED after ${execs:-?} executions")
    failed=1
  else
    summary+=("$target: ${execs:-?} executions, no findings")
  fi
done

echo "== fuzzing summary"
printf '  %s\n' "${summary[@]}"
exit "$failed"
