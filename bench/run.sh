#!/usr/bin/env bash
# bench/run.sh -- pgsafe speed benchmark (DESIGN.md "Performance targets").
#
# Usage (from anywhere; needs root only if packages are missing):
#   bash bench/run.sh                 # build, install peers, measure, print tables
#   ROUNDS=3 bash bench/run.sh        # fewer interleaved rounds (default 5)
#   PGSAFE=/path/to/pgsafe bash bench/run.sh   # skip the build, use this binary
#   SKIP_PEERS=1 bash bench/run.sh    # pgsafe-only rows (no npm)
#
# What it does:
#   1. builds a release binary:  cmake -S . -B build-release -G Ninja
#      -DCMAKE_BUILD_TYPE=Release && cmake --build build-release
#   2. installs the peers into $SCRATCH/peers with npm:
#      squawk-cli@2.66 (Rust) and @flvmnt/pgfence@0.1.5 (TypeScript);
#      apt-get installs hyperfine / time if they are missing.
#   3. generates inputs with bench/gen_migration.py (deterministic): the 3 MB
#      file (~39,000 statements, mostly on pre-existing tables), 1/4/16 MB
#      files and a one-statement file.
#   4. compiles bench/bare_parse.c (one pg_query_split_with_parser call per
#      file: the parse floor) against -lpg_query. It runs on one thread, and
#      on (a) also with -j (nproc) threads sharing the files.
#   5. measures with hyperfine in ROUNDS interleaved rounds (each round runs
#      every command of a case RUNS times, command order rotated per round)
#      and reports the median over all runs; prints markdown tables + ratios
#      (wall time, plus CPU time user+sys, which is steadier on a busy box).
#
# Cases:
#   (a) corpus: ../shared/corpus/**/*.sql minus the five pg-regress files
#       squawk cannot handle (alter_table, create_table, rules, with,
#       collate.windows.win1252) and minus the files pgfence aborts its whole
#       run on (parse errors; found by bench/pgfence_probe.mjs, ~124 files,
#       mostly pg-regress) -- one file list, the same for every tool, passed
#       in a single invocation (xargs -x).  pgsafe is also timed on the list
#       without the pgfence exclusions.
#   (b) the 3 MB synthetic file; (c) a one-statement file.
#   pgsafe vs bare parse on (b); the bare parse on (a) too, on one thread and
#   on every core, for the floor that any libpg_query-based linter has there; pgsafe peak RSS (/usr/bin/time -v) vs input
#   size on 1/3/4/16 MB; pgsafe time on 1/4/16 MB (linearity).
#
# All tools write machine-readable reports (pgsafe --format json, squawk
# --reporter json, pgfence --output json): squawk's default tty reporter is
# super-linear in the number of findings (~80 s instead of ~1.3 s on the 3 MB
# file) and would measure its snippet renderer, not its linter.
# Exit status 1 ("problems found") is expected from every tool: hyperfine -i.
#
# Environment: ROUNDS (5), RUNS per round (2; ONE_RUNS, 40, for the
# one-statement case), SCRATCH (/tmp/pgsafe-bench),
# PGSAFE, SKIP_PEERS, SKIP_BUILD (use build-release/pgsafe as is),
# CORPUS (../shared/corpus), MEM_SIZES ("1 3 4 16"), KEEP_ORDER=1 (no rotation),
# REPORT_ONLY=1 (no timing runs: re-print the tables from the last results).
# Results also land in $SCRATCH/results.md and raw hyperfine JSON in
# $SCRATCH/json/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-2}
ONE_RUNS=${ONE_RUNS:-40}
SCRATCH=${SCRATCH:-/tmp/pgsafe-bench}
CORPUS=${CORPUS:-../shared/corpus}
MEM_SIZES=${MEM_SIZES:-"1 3 4 16"}
SQUAWK_VERSION=2.66
PGFENCE_VERSION=0.1.5

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 2; }

mkdir -p "$SCRATCH"/{inputs,json,peers}
SCRATCH=$(cd "$SCRATCH" && pwd)

# --- 0. tools -----------------------------------------------------------------
need_pkgs=()
command -v hyperfine >/dev/null || need_pkgs+=(hyperfine)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v python3 >/dev/null || need_pkgs+=(python3)
command -v cc >/dev/null || need_pkgs+=(gcc)
[ -f /usr/include/pg_query.h ] || need_pkgs+=(libpg-query-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need_pkgs[*]}; install them (apt-get install ${need_pkgs[*]})"
  log "installing ${need_pkgs[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# --- 1. release build -----------------------------------------------------------
if [ -n "${PGSAFE:-}" ]; then
  log "using PGSAFE=$PGSAFE (no build)"
elif [ -n "${SKIP_BUILD:-}" ]; then
  PGSAFE=$ROOT/build-release/pgsafe
else
  log "building release binary"
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >"$SCRATCH/build.log" 2>&1 \
    && cmake --build build-release >>"$SCRATCH/build.log" 2>&1 \
    || { tail -n 40 "$SCRATCH/build.log" >&2; die "release build failed (log: $SCRATCH/build.log)"; }
  PGSAFE=$ROOT/build-release/pgsafe
fi
[ -x "$PGSAFE" ] || die "no pgsafe binary at $PGSAFE"
PGSAFE=$(cd "$(dirname "$PGSAFE")" && pwd)/$(basename "$PGSAFE")

# --- 2. peers -------------------------------------------------------------------
# squawk's npm bin is a node wrapper that spawns the native binary (~0.1-0.3 s
# of node start-up); time the native binary itself, as cargo/brew users run it.
SQUAWK=$SCRATCH/peers/node_modules/@squawk-cli/linux-x64/bin/squawk
PGFENCE=$SCRATCH/peers/node_modules/.bin/pgfence
PGFENCE_PKG=$SCRATCH/peers/node_modules/@flvmnt/pgfence
if [ -z "${SKIP_PEERS:-}" ]; then
  command -v npm >/dev/null || die "npm (and node >= 20) needed for the peers; or SKIP_PEERS=1"
  have() { node -e "process.exit(require('$SCRATCH/peers/node_modules/$1/package.json').version.startsWith('$2')?0:1)" 2>/dev/null; }
  if ! have squawk-cli "$SQUAWK_VERSION." || ! have @flvmnt/pgfence "$PGFENCE_VERSION"; then
    log "npm install squawk-cli@$SQUAWK_VERSION @flvmnt/pgfence@$PGFENCE_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$SCRATCH/peers" \
      "squawk-cli@$SQUAWK_VERSION" "@flvmnt/pgfence@$PGFENCE_VERSION" >/dev/null
  fi
  [ -x "$SQUAWK" ] && [ -x "$PGFENCE" ] || die "peer install failed"
fi

# --- 3. inputs ------------------------------------------------------------------
IN=$SCRATCH/inputs
gen() { # gen SIZE_MB OUT
  [ -s "$2" ] && [ "$2" -nt "$HERE/gen_migration.py" ] && return 0
  python3 "$HERE/gen_migration.py" --mb "$1" -o "$2"
}
for mb in 1 3 4 16; do gen "$mb" "$IN/m${mb}.sql"; done
python3 "$HERE/gen_migration.py" --statements 1 -o "$IN/one.sql"
M3=$IN/m3.sql

[ -d "$CORPUS" ] || die "corpus not found at $CORPUS"
find "$CORPUS" -type f -name '*.sql' | LC_ALL=C sort \
  | grep -v -E '/(alter_table|create_table|rules|with|collate\.windows\.win1252)\.sql$' \
  > "$IN/corpus-all.list"
if [ -z "${SKIP_PEERS:-}" ]; then
  node "$HERE/pgfence_probe.mjs" "$PGFENCE_PKG" "$IN/corpus-all.list" \
    > "$IN/pgfence-fails.list" 2>"$IN/pgfence-probe.log" || die "pgfence probe failed: $(tail -3 "$IN/pgfence-probe.log")"
  grep -v -x -F -f "$IN/pgfence-fails.list" "$IN/corpus-all.list" > "$IN/corpus.list" || true
else
  : > "$IN/pgfence-fails.list"
  cp "$IN/corpus-all.list" "$IN/corpus.list"
fi
N_ALL=$(wc -l < "$IN/corpus-all.list"); N_COMMON=$(wc -l < "$IN/corpus.list")
N_PGF=$(wc -l < "$IN/pgfence-fails.list")
log "corpus: $N_COMMON files in the common list ($N_ALL minus $N_PGF pgfence cannot parse)"

# --- 4. bare parse ------------------------------------------------------------------
BARE=$SCRATCH/bare_parse
cc -O2 -pthread -o "$BARE" "$HERE/bare_parse.c" -lpg_query || die "cannot build bare_parse (libpg-query-dev?)"
"$BARE" "$M3" >/dev/null || die "bare_parse rejects $M3"

# --- 5. measurements --------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${REPORT_ONLY:-}" ]; then
  log "REPORT_ONLY: re-printing the last results in $SCRATCH"
else
  rm -f "$SCRATCH"/json/*.json
fi
XA="xargs -d '\\n' -x -s 2000000"   # one invocation for the whole list, or fail
# hyperfine -N: no shell; commands are split shell-words style, output discarded.
run_case() { # run_case CASE label1 cmd1 label2 cmd2 ...
  local case=$1; shift
  local -a labels=() cmds=()
  while [ $# -gt 0 ]; do labels+=("$1"); cmds+=("$2"); shift 2; done
  local n=${#labels[@]} r i j
  # A run of a few milliseconds varies by more than the difference being
  # measured, so the one-statement case takes more runs (ONE_RUNS).
  local runs=$RUNS warmup=1
  if [ "$case" = one ]; then runs=$ONE_RUNS; warmup=5; fi
  log "case $case: ${labels[*]} ($ROUNDS rounds x $runs runs)"
  for ((r=0; r<ROUNDS; r++)); do
    local -a args=()
    for ((i=0; i<n; i++)); do
      if [ -n "${KEEP_ORDER:-}" ]; then j=$i; else j=$(( (i + r) % n )); fi
      args+=(-n "${labels[j]}" "${cmds[j]}")
    done
    hyperfine -N -i --style none --warmup "$warmup" --runs "$runs" \
      --export-json "$SCRATCH/json/${case}__r$r.json" "${args[@]}" >/dev/null 2>"$SCRATCH/json/${case}__r$r.err" \
      || { cat "$SCRATCH/json/${case}__r$r.err" >&2; die "hyperfine failed in case $case"; }
  done
}

[ -z "${REPORT_ONLY:-}" ] || run_case() { :; }

# Sanity pass (hyperfine -i would hide crashes): run each tool once per input
# directly, record exit status and report size.  0/1 = linted (1: problems
# found); anything else means the timing below is not a real lint.
sanity() { # sanity LABEL CMD...
  local label=$1 rc=0; shift
  "$@" >"$SCRATCH/sanity.out" 2>"$SCRATCH/sanity.err" || rc=$?
  printf '%s\t%s\t%s\n' "$label" "$rc" "$(stat -c %s "$SCRATCH/sanity.out")" >> "$SCRATCH/sanity.tsv"
  if [ "$rc" -gt 1 ]; then
    log "WARNING: $label exited $rc: $(head -c 300 "$SCRATCH/sanity.err")"
  fi
}
if [ -z "${REPORT_ONLY:-}" ]; then
  : > "$SCRATCH/sanity.tsv"
  mapfile -t CORPUS_FILES < "$IN/corpus.list"
  sanity "pgsafe corpus" "$PGSAFE" check --format json "${CORPUS_FILES[@]}"
  sanity "pgsafe 3MB" "$PGSAFE" check --format json "$M3"
  sanity "pgsafe one" "$PGSAFE" check --format json "$IN/one.sql"
  if [ -z "${SKIP_PEERS:-}" ]; then
    sanity "squawk corpus" "$SQUAWK" --reporter json "${CORPUS_FILES[@]}"
    sanity "squawk 3MB" "$SQUAWK" --reporter json "$M3"
    sanity "pgfence corpus" "$PGFENCE" analyze --format sql --output json "${CORPUS_FILES[@]}"
    sanity "pgfence 3MB" "$PGFENCE" analyze --format sql --output json "$M3"
  fi
fi

PG="'$PGSAFE' check --format json"
if [ -z "${SKIP_PEERS:-}" ]; then
  SQ="'$SQUAWK' --reporter json"
  PF="'$PGFENCE' analyze --format sql --output json"
  run_case corpus \
    pgsafe "$XA -a '$IN/corpus.list' $PG" \
    squawk "$XA -a '$IN/corpus.list' $SQ" \
    pgfence "$XA -a '$IN/corpus.list' $PF" \
    pgsafe_all "$XA -a '$IN/corpus-all.list' $PG" \
    bare "$XA -a '$IN/corpus.list' '$BARE'" \
    bare_mt "$XA -a '$IN/corpus.list' '$BARE' -j $(nproc)"
  run_case m3 \
    pgsafe "$PG '$M3'" \
    squawk "$SQ '$M3'" \
    pgfence "$PF '$M3'" \
    bare "'$BARE' '$M3'"
  run_case one \
    pgsafe "$PG '$IN/one.sql'" \
    squawk "$SQ '$IN/one.sql'" \
    pgfence "$PF '$IN/one.sql'"
else
  run_case corpus pgsafe "$XA -a '$IN/corpus.list' $PG" bare "$XA -a '$IN/corpus.list' '$BARE'" \
    bare_mt "$XA -a '$IN/corpus.list' '$BARE' -j $(nproc)"
  run_case m3 pgsafe "$PG '$M3'" bare "'$BARE' '$M3'"
  run_case one pgsafe "$PG '$IN/one.sql'"
fi
run_case sizes \
  m1 "$PG '$IN/m1.sql'" \
  m4 "$PG '$IN/m4.sql'" \
  m16 "$PG '$IN/m16.sql'"

# peak RSS (median of 3 runs) per input size, pgsafe and the bare parse
[ -n "${REPORT_ONLY:-}" ] || : > "$SCRATCH/rss.tsv"
[ -n "${REPORT_ONLY:-}" ] || for mb in $MEM_SIZES; do
  f=$IN/m${mb}.sql
  [ -f "$f" ] || gen "$mb" "$f"
  for k in 1 2 3; do
    /usr/bin/time -v "$PGSAFE" check --format json "$f" >/dev/null 2>"$SCRATCH/time.out" || true
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$SCRATCH/time.out")
    /usr/bin/time -v "$BARE" "$f" >/dev/null 2>"$SCRATCH/time.out" || true
    bkb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$SCRATCH/time.out")
    printf '%s\t%s\t%s\t%s\n' "$mb" "$(stat -c %s "$f")" "$kb" "$bkb" >> "$SCRATCH/rss.tsv"
  done
done

# --- 6. report ----------------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${REPORT_ONLY:-}" ] && [ -f "$SCRATCH/meta.env" ]; then
  . "$SCRATCH/meta.env"   # rounds/runs/load/binary of the run being re-printed
else
  printf 'ROUNDS=%q\nRUNS=%q\nLOAD_START=%q\nLOAD_END=%q\nPGSAFE=%q\n' \
    "$ROUNDS" "$RUNS" "$LOAD_START" "$LOAD_END" "$PGSAFE" > "$SCRATCH/meta.env"
fi
export LOAD_START LOAD_END NPROC=$(nproc) PGSAFE
python3 - "$SCRATCH" "$N_COMMON" "$N_ALL" "$N_PGF" "$ROUNDS" "$RUNS" "$ONE_RUNS" <<'PY' | tee "$SCRATCH/results.md"
import glob, json, os, statistics, sys
scratch, n_common, n_all, n_pgf, rounds, runs, one_runs = sys.argv[1:8]
times, cpu = {}, {}
for p in sorted(glob.glob(os.path.join(scratch, "json", "*.json"))):
    case = os.path.basename(p).split("__")[0]
    for res in json.load(open(p))["results"]:
        times.setdefault((case, res["command"]), []).extend(res["times"])
        cpu.setdefault((case, res["command"]), []).append(res["user"] + res["system"])
def med(case, tool):
    t = times.get((case, tool))
    return statistics.median(t) if t else None
def fmt(s):
    if s is None: return "-"
    return "%.3f s" % s if s >= 0.1 else "%.1f ms" % (s * 1000)
def ratio(a, b):
    return "%.1fx" % (a / b) if a and b else "-"
def mark(ok): return "ok" if ok else "MISSED"

print("## pgsafe benchmark (medians of %s rounds x %s runs, %s for (c), interleaved)\n" % (rounds, runs, one_runs))
print("machine: %s CPUs; load average %s at start, %s at end of the timing runs%s; pgsafe = %s\n" % (
    os.environ.get("NPROC"), os.environ.get("LOAD_START"), os.environ.get("LOAD_END"),
    " -- WARNING: busy machine, numbers are noisy" if max(float(os.environ.get("LOAD_START", "0").split()[0]),
        float(os.environ.get("LOAD_END", "0").split()[0])) > 0.75 * int(os.environ.get("NPROC", "1")) else "",
    os.environ.get("PGSAFE")))
san = [l.rstrip("\n").split("\t") for l in open(os.path.join(scratch, "sanity.tsv"))] \
    if os.path.exists(os.path.join(scratch, "sanity.tsv")) else []
if san:
    print("sanity (one direct run each): " + "; ".join(
        "%s exit %s, %s B out%s" % (l, rc, b, "" if rc in ("0", "1") else " **NOT A CLEAN RUN**") for l, rc, b in san) + "\n")
print("(a) corpus = %s files (%s minus %s pgfence cannot parse); (b) 3 MB synthetic; (c) one statement.\n" % (n_common, n_all, n_pgf))
print("| input | pgsafe | squawk | pgfence | squawk/pgsafe | pgfence/pgsafe | target |")
print("|---|---|---|---|---|---|---|")
for case, name, tgt in (("corpus", "(a) corpus", 10), ("m3", "(b) 3 MB", 10), ("one", "(c) 1 stmt", None)):
    p, s, f = med(case, "pgsafe"), med(case, "squawk"), med(case, "pgfence")
    if tgt:
        fastest = min(x for x in (s, f) if x) if (s or f) else None
        t = "faster peer/pgsafe >= 10x: %s" % (mark(fastest / p >= tgt) if fastest and p else "-")
    else:
        t = "squawk/pgsafe >= 1x: %s" % (mark(s / p >= 1) if s and p else "-")
    print("| %s | %s | %s | %s | %s | %s | %s |" % (name, fmt(p), fmt(s), fmt(f), ratio(s, p), ratio(f, p), t))
def cmed(case, tool):
    t = cpu.get((case, tool))
    return statistics.median(t) if t else None
print("\nCPU time (user+sys, median of per-round means; robust when the machine is busy; "
      "a multi-threaded tool can use more CPU than wall time):\n")
print("| input | pgsafe | squawk | pgfence | bare parse | squawk/pgsafe | pgfence/pgsafe | pgsafe/bare |")
print("|---|---|---|---|---|---|---|---|")
for case, name in (("corpus", "(a) corpus"), ("m3", "(b) 3 MB"), ("one", "(c) 1 stmt")):
    p, s_, f, b_ = cmed(case, "pgsafe"), cmed(case, "squawk"), cmed(case, "pgfence"), cmed(case, "bare")
    print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (name, fmt(p), fmt(s_), fmt(f), fmt(b_),
          ratio(s_, p), ratio(f, p), ratio(p, b_)))

# The floor on (a): the bare parse's CPU time, spread perfectly over every
# core, is the least wall time any linter built on libpg_query can take on
# these files here; the faster peer's time over it bounds the reachable ratio.
# The bare parse on every core (bare_mt) measures that floor instead of
# computing it: reading the files included, as a linter must.
bc, nproc = cmed("corpus", "bare"), int(os.environ.get("NPROC", "1"))
peers = [x for x in (med("corpus", "squawk"), med("corpus", "pgfence")) if x]
if bc:
    floor = bc / nproc
    print("\n(a) floor: the bare parse of the same files takes %s wall on one thread, %s CPU; over %d cores at best %s"
          % (fmt(med("corpus", "bare")), fmt(bc), nproc, fmt(floor)), end="")
    if peers:
        print(", so no libpg_query-based linter can be more than %s faster than the faster peer here "
              "(10x needs %s)" % (ratio(min(peers), floor), fmt(min(peers) / 10)), end="")
    print()
bm, p = med("corpus", "bare_mt"), med("corpus", "pgsafe")
if bm:
    print("\n(a) floor, measured: the bare parse on %d threads takes %s wall (%s CPU)" % (nproc, fmt(bm), fmt(cmed("corpus", "bare_mt"))), end="")
    if peers:
        need = min(peers) / 10
        print(": at most %s faster than the faster peer. 10x needs %s, which leaves %s above the floor "
              "for everything a linter does besides reading and parsing; pgsafe takes %s above it"
              % (ratio(min(peers), bm), fmt(need), fmt(need - bm) if need > bm else "nothing",
                 fmt(p - bm) if p else "-"), end="")
    print()

pa = med("corpus", "pgsafe_all")
if pa:
    print("\npgsafe on all %s corpus files (incl. the %s pgfence cannot parse): %s" % (n_all, n_pgf, fmt(pa)))

p, b = med("m3", "pgsafe"), med("m3", "bare")
print("\n| 3 MB file | pgsafe | bare pg_query_split_with_parser | pgsafe/bare | target |")
print("|---|---|---|---|---|")
print("| (b) | %s | %s | %s | <= 2x: %s |" % (fmt(p), fmt(b), ratio(p, b), mark(p / b <= 2) if p and b else "-"))

print("\n| input | pgsafe time | time per MB | vs 1 MB per-MB |")
print("|---|---|---|---|")
per = {}
for label, mb in (("m1", 1), ("m3", 3), ("m4", 4), ("m16", 16)):
    t = med("sizes", label) if label != "m3" else med("m3", "pgsafe")
    if t is None: continue
    per[mb] = t / mb
    print("| %d MB | %s | %s | %s |" % (mb, fmt(t), fmt(t / mb), ratio(per[mb], per.get(1))))
if 1 in per and 16 in per:
    print("\nlinearity: per-MB time at 16 MB is %.2fx the per-MB time at 1 MB (1.0 = linear)" % (per[16] / per[1]))

rss = {}
for line in open(os.path.join(scratch, "rss.tsv")):
    mb, size, kb, bkb = line.rstrip("\n").split("\t")
    e = rss.setdefault(int(mb), (int(size), [], []))
    if kb.strip(): e[1].append(int(kb))
    if bkb.strip(): e[2].append(int(bkb))
print("\n| input | size | pgsafe peak RSS | RSS/input | target < 10x | bare parse peak RSS | bare RSS/input |")
print("|---|---|---|---|---|---|---|")
for mb in sorted(rss):
    size, kbs, bkbs = rss[mb]
    k = statistics.median(kbs) if kbs else None
    bk = statistics.median(bkbs) if bkbs else None
    print("| %d MB | %d B | %s | %s | %s | %s | %s |" % (
        mb, size, "%.1f MB" % (k / 1024) if k else "-", "%.1fx" % (k * 1024 / size) if k else "-",
        mark(k * 1024 / size < 10) if k else "-",
        "%.1f MB" % (bk / 1024) if bk else "-", "%.1fx" % (bk * 1024 / size) if bk else "-"))
PY
log "results: $SCRATCH/results.md"
