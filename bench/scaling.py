#!/usr/bin/env python3
"""bench/scaling.py -- does pgsafe's time grow linearly on unusual shapes?

Usage: python3 bench/scaling.py [PGSAFE] [--n N] [--runs R]
       (PGSAFE defaults to build-release/pgsafe)

bench/run.sh measures ordinary migrations. This script generates inputs
whose shape stresses one part of the pipeline (many findings on one line,
one statement touching thousands of tables, thousands of suppressions or
fixes in one file, ...) at N and 4N units, times pgsafe on each (the fastest
of R runs, output to /dev/null), and prints the growth: about 4x is linear,
16x quadratic. A case whose growth is over 8x is marked SLOW, and the
script exits with status 1 if any is.

Every case here was quadratic once; each line of the table is one of those
fixes, kept honest. The inputs are written to a temporary directory that is
removed at the end.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def fk_fanout(n):
    # n/5 tables referencing one table, then 20 DELETEs of it: each DELETE
    # locks every referencing table.
    lines = ["CREATE TABLE p (id int PRIMARY KEY);"]
    lines += [f"CREATE TABLE c{i} (id int, p_id int REFERENCES p);" for i in range(n // 5)]
    lines += [f"DELETE FROM p WHERE id = {i};" for i in range(20)]
    return lines


def partitions(n):
    # A partitioned table with a default partition and n/5 more partitions
    # (each new one scans the default), then 20 ALTERs that reach every
    # partition, then the DROP that drops them all.
    lines = ["CREATE TABLE m (id int, k int) PARTITION BY RANGE (k);", "CREATE TABLE m_def PARTITION OF m DEFAULT;"]
    lines += [f"CREATE TABLE m{i} PARTITION OF m FOR VALUES FROM ({i}) TO ({i + 1});" for i in range(n // 5)]
    lines += [f"ALTER TABLE m ADD COLUMN c{i} int;" for i in range(20)]
    lines += ["DROP TABLE m;"]
    return lines


def ignores(n):
    # n statements, each with its own suppression comment.
    return [f"-- pgsafe-ignore drop-table\nDROP TABLE t{i};" for i in range(n)]


def one_line(n):
    # n statements with findings, all on one line.
    return [" ".join(f"CREATE INDEX i{i} ON t (c);" for i in range(n))]


def long_alter(n):
    # One ALTER TABLE of n DROP COLUMN subcommands.
    return ["ALTER TABLE t " + ", ".join(f"DROP COLUMN c{i}" for i in range(n)) + ";"]


def ctes(n):
    # One query of n CTEs, each reading the one before it and a table.
    parts = ["c0 AS (SELECT 1)"] + [f"c{i} AS (SELECT * FROM c{i - 1} JOIN t ON true)" for i in range(1, n)]
    return ["CREATE TABLE t (id int);", "WITH " + ",\n".join(parts) + f"\nSELECT * FROM c{n - 1};"]


CASES = [
    # name, generator, extra arguments after `check`/`explain`
    ("fk-fanout", fk_fanout, ["check", "--format", "json"]),
    ("partitions", partitions, ["check", "--format", "json"]),
    ("ignores", ignores, ["check", "--format", "json"]),
    ("one-line text", one_line, ["check", "--select", "ALL"]),
    ("one-line sarif", one_line, ["check", "--select", "ALL", "--format", "sarif"]),
    ("long-alter sarif", long_alter, ["check", "--select", "ALL", "--format", "sarif"]),
    ("long-alter text", long_alter, ["check", "--select", "ALL"]),
    ("one-line --fix", one_line, ["check", "--select", "ALL", "--fix"]),
    ("ctes", ctes, ["check", "--format", "json"]),
]


def timed(cmd, path, runs, text):
    """The fastest of `runs` runs of cmd + [path], in seconds."""
    best = None
    for _ in range(runs):
        if "--fix" in cmd:
            with open(path, "w") as f:  # --fix rewrites the file: start over each time
                f.write(text)
        t0 = time.perf_counter()
        r = subprocess.run(cmd + [path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t0
        if r.returncode not in (0, 1):
            sys.exit(f"scaling.py: {' '.join(cmd)} {path} exited with status {r.returncode}")
        best = dt if best is None else min(best, dt)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pgsafe", nargs="?", default="build-release/pgsafe")
    ap.add_argument("--n", type=int, default=5000, help="units in the smaller input (default 5000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per input; the fastest counts (default 3)")
    a = ap.parse_args()
    if not os.access(a.pgsafe, os.X_OK):
        sys.exit(f"scaling.py: {a.pgsafe}: not an executable; build it first (see bench/run.sh)")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    slow = False
    print(f"| case | N = {a.n} | 4N = {4 * a.n} | growth | |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="pgsafe-scaling-") as tmp:
        for name, gen, args in CASES:
            times = []
            for n in (a.n, 4 * a.n):
                text = "\n".join(gen(n)) + "\n"
                path = os.path.join(tmp, f"{name.replace(' ', '_')}-{n}.sql")
                with open(path, "w") as f:
                    f.write(text)
                times.append(timed([a.pgsafe] + args, path, a.runs, text))
            growth = times[1] / max(times[0], 1e-4)
            mark = "SLOW" if growth > 8 else "ok"
            slow = slow or growth > 8
            print(f"| {name} | {times[0] * 1000:.0f} ms | {times[1] * 1000:.0f} ms | {growth:.1f}x | {mark} |")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
