#!/usr/bin/env python3
"""The pgsafe lock oracle: observe what PostgreSQL really does per statement.

For every case file in testdata/oracle/cases/ (one statement each) this script
runs the statement against a real PostgreSQL server and records, for each
pre-existing table / partitioned table / materialized view in schema public:

  lock     the strongest relation lock the statement's backend holds on it
           afterwards (pg_locks.mode names), or absent if none;
  rewrite  pg_class.relfilenode changed (the table got new storage);
  scan     pg_stat_xact_user_tables.seq_scan went up, or the table was
           rewritten (a rewrite reads every row).

How a case runs: a throwaway cluster is started once (scripts/pg-temp-cluster.sh)
and testdata/oracle/schema.sql is loaded into a template database once.
Databases are created from that template; a case with `-- setup:` lines gets
a database of its own, other cases share one fresh database per batch of
--cases-per-db (default 8; 1 gives every case its own database; both give
identical observations).  Per case, in ONE psql session: the setup lines
(autocommit), then BEGIN; snapshot relfilenode and seq_scan of every table,
partitioned table and materialized view in public; the statement; pg_locks
for pg_backend_pid(); the snapshot again; ROLLBACK.  The snapshot queries
read only catalogs and this backend's pending statistics (pg_class,
pg_namespace, pg_stat_get_xact_numscans()), so they neither scan nor lock
user tables (case `select-constant` checks that: it observes nothing).
The session TimeZone is America/New_York (see Cluster.prepare_template).

Case file format (testdata/oracle/cases/NNN-short-name.sql):

  -- oracle: free-text description
  -- setup: ONE SQL statement, run and committed before the observed one
  -- setup: ... (any number, in order)
  -- compare: no            (optional: observed, but not compared with pgsafe)
  -- hold: TABLE MODE       (skip-in-transaction cases only, see below)
  <exactly one SQL statement>

A description of `skip-in-transaction` (i.e. `-- oracle: skip-in-transaction`
or `-- oracle: skip-in-transaction: text`) marks a statement PostgreSQL refuses
inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...).  For those
the oracle checks that PostgreSQL really refuses it in a transaction block
(that refusal is itself a fact pgsafe relies on) and then observes its locks
from a second session while it runs in autocommit (see observe_concurrent()).

Modes:
  run_oracle.py --observe [--output FILE]    print the observations as JSON
  run_oracle.py --compare PGSAFE_BINARY      compare `pgsafe explain --format
                                             json` with the observations; one
                                             line per disagreement, a summary,
                                             exit status 1 on any disagreement
Options: --cases GLOB (restrict cases, e.g. '01*'), --jobs N (parallel
batches), --cases-per-db N, --output FILE.

In --compare mode pgsafe is run, per case, in a scratch directory on
00-schema.sql (a copy of schema.sql), 01-setup.sql (the setup lines, if any)
and 02-<case>.sql (the case file): pgsafe lints files in natural path order,
and these names keep schema -> setup -> case in that order.  Compared, for
each relation observed or reported by pgsafe that existed before the
statement: lock, rewrite and scan.  Cases with `-- compare: no` are observed but
not compared (facts that depend on settings pgsafe cannot see).

Only the Python standard library is used; PostgreSQL is driven through psql.
"""

import argparse
import concurrent.futures
import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER_SCRIPT = os.path.join(ROOT, "scripts", "pg-temp-cluster.sh")
SCHEMA = os.path.join(ROOT, "testdata", "oracle", "schema.sql")
CASES_DIR = os.path.join(ROOT, "testdata", "oracle", "cases")
TEMPLATE_DB = "oracle_template"

# Table-level lock modes, weakest first (PostgreSQL's conflict table order).
LOCK_MODES = [
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
]
LOCK_RANK = {m: i for i, m in enumerate(LOCK_MODES)}

SKIP_IN_TX = "skip-in-transaction"


class OracleError(Exception):
    pass


# --------------------------------------------------------------------------
# Case files


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.description = ""
        self.setup = []
        self.statement = ""
        self.skip_in_transaction = False
        self.compare = True
        self._parse()

    def _parse(self):
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        i = 0
        # Header: leading comment or blank lines.  `-- oracle:` and
        # `-- setup:` lines are meaningful; other comments are ignored.
        while i < len(lines) and (lines[i].strip() == "" or lines[i].lstrip().startswith("--")):
            line = lines[i].strip()
            m = re.match(r"--\s*oracle:\s*(.*)$", line)
            if m:
                text = m.group(1).strip()
                if text == SKIP_IN_TX or text.startswith(SKIP_IN_TX + ":"):
                    self.skip_in_transaction = True
                    text = text[len(SKIP_IN_TX):].lstrip(": ").strip()
                self.description = (self.description + " " + text).strip()
            if re.match(r"--\s*compare:\s*no\s*$", line):
                self.compare = False
            m = re.match(r"--\s*setup:\s*(.*)$", line)
            if m:
                sql = m.group(1).strip()
                if not sql.endswith(";"):
                    sql += ";"
                self.setup.append(sql)
            i += 1
        self.statement = "\n".join(lines[i:]).strip()
        if not self.statement:
            raise OracleError(f"{self.path}: no statement")
        if not self.statement.endswith(";"):
            self.statement += ";"


def load_cases(pattern):
    paths = sorted(glob.glob(os.path.join(CASES_DIR, "*.sql")))
    if pattern:
        paths = [p for p in paths if fnmatch.fnmatch(os.path.basename(p), pattern)
                 or fnmatch.fnmatch(os.path.basename(p), pattern + ".sql")]
    return [Case(p) for p in paths]


# --------------------------------------------------------------------------
# The cluster


def find_psql():
    """psql from the newest /usr/lib/postgresql/*/bin, else from PATH."""
    cands = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        p = os.path.join(d, "psql")
        if os.access(p, os.X_OK):
            try:
                cands.append((int(d.split("/")[-2]), p))
            except ValueError:
                pass
    if cands:
        return max(cands)[1]
    p = shutil.which("psql")
    if not p:
        raise OracleError("psql not found (install postgresql-client)")
    return p


class Cluster:
    """A throwaway cluster started through scripts/pg-temp-cluster.sh."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="pgsafe-oracle-")
        self.env = None
        self.psql = find_psql()

    def start(self):
        out = subprocess.run([CLUSTER_SCRIPT, "start", self.dir], capture_output=True,
                             text=True)
        if out.returncode != 0:
            raise OracleError("cannot start the cluster:\n" + out.stderr)
        env = dict(os.environ)
        for line in out.stdout.splitlines():
            k, _, v = line.partition("=")
            if k in ("PGHOST", "PGPORT"):
                env[k] = v
        env["PGUSER"] = "postgres"
        env.pop("PGPASSWORD", None)
        for k in ("PGSERVICE", "PGTZ", "PGDATESTYLE", "PGDATABASE", "PGSSLMODE"):
            env.pop(k, None)
        env["PGAPPNAME"] = "pgsafe-oracle"
        env["PGOPTIONS"] = ""
        env["LC_ALL"] = "C.UTF-8"
        self.env = env

    def stop(self):
        subprocess.run([CLUSTER_SCRIPT, "stop", self.dir], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def run(self, script, db="postgres", check=True):
        """Run a psql script; return (returncode, stdout, stderr)."""
        out = subprocess.run(
            [self.psql, "-X", "-q", "-A", "-t", "-F", "|", "-d", db, "-f", "-"],
            input=script, capture_output=True, text=True, env=self.env)
        if check and out.returncode != 0:
            raise OracleError(f"psql failed ({out.returncode}):\n{out.stderr}")
        return out.returncode, out.stdout, out.stderr

    def popen(self, script, db, appname):
        """Start a psql session running `script` in the background; the
        session is identifiable by its application_name."""
        env = dict(self.env)
        env["PGAPPNAME"] = appname
        p = subprocess.Popen(
            [self.psql, "-X", "-q", "-A", "-t", "-F", "|", "-d", db, "-c", script],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        return p

    def prepare_template(self):
        # No autovacuum/autoanalyze: it would connect to the template (which
        # blocks CREATE DATABASE ... TEMPLATE) and perturb the statistics.
        # A session TimeZone other than UTC: timestamp <-> timestamptz changes
        # are binary-compatible only under UTC, and pgsafe cannot know the
        # server's zone, so the oracle observes the general case (a case can
        # still `-- setup: SET TimeZone = 'UTC'`).
        # Large max_wal_size: hundreds of CREATE DATABASE must not trigger
        # WAL-size checkpoints.
        self.run("ALTER SYSTEM SET autovacuum = off;\n"
                 "ALTER SYSTEM SET max_wal_size = '8GB';\n"
                 "ALTER SYSTEM SET checkpoint_timeout = '1h';\n"
                 "ALTER SYSTEM SET TimeZone = 'America/New_York';\n"
                 "SELECT pg_reload_conf();\n")
        # A second tablespace for SET TABLESPACE cases.
        ts = os.path.join(self.dir, "tablespace")
        os.mkdir(ts, 0o700)
        if os.geteuid() == 0:
            shutil.chown(ts, "postgres", "postgres")
        self.run(f"CREATE TABLESPACE oracle_space LOCATION '{ts}';\n")
        self.run(f"CREATE DATABASE {TEMPLATE_DB};\n")
        with open(SCHEMA, encoding="utf-8") as f:
            schema = f.read()
        self.run("\\set ON_ERROR_STOP 1\n" + schema + "\n", db=TEMPLATE_DB)
        self.run(f"ALTER DATABASE {TEMPLATE_DB} WITH IS_TEMPLATE true;\n")
        _, version, _ = self.run("SELECT version();\n")
        return version.strip()


# --------------------------------------------------------------------------
# Observing one case inside a rolled-back transaction

# Snapshot of every table, partitioned table and materialized view in public:
# oid, name, kind, relfilenode, sequential scans so far in this transaction.
# Only catalogs are read; pg_stat_xact_user_tables reads this backend's
# pending counters without opening the tables.
SNAPSHOT_SQL = """SELECT '{tag}', c.oid, c.relname, c.relkind, c.relfilenode,
       coalesce(pg_stat_get_xact_numscans(c.oid), 0)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm');
"""

# Relation locks held by this backend (granted or awaited) in this database.
LOCKS_SQL = """SELECT 'L', l.relation, l.mode, l.granted
  FROM pg_catalog.pg_locks l
 WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation'
   AND l.database = (SELECT oid FROM pg_catalog.pg_database
                      WHERE datname = pg_catalog.current_database());
"""

MARK = "@@oracle"

# Cases (without setup lines) that share one fresh database, each in its own
# rolled-back transaction.  A rolled-back statement leaves no logical trace;
# it can leave dead tuples behind, which could in principle change a later
# case's query plan.  `--cases-per-db 1` gives every case its own database;
# the two settings were checked to give identical observations.
CASES_PER_DB = 8

# How case databases are copied from the template; see README of
# CREATE DATABASE.  Overridable for timing experiments.
CREATE_STRATEGY = os.environ.get("ORACLE_CREATE_STRATEGY", "STRATEGY WAL_LOG")


def case_db(case):
    return "oracle_" + re.sub(r"[^a-z0-9_]", "_", case.name.lower())[:50]


def transaction_script(cases, db):
    """psql script for a batch of cases sharing one fresh database: create
    it, then per case: setup, BEGIN, snapshot, statement, locks, snapshot,
    ROLLBACK; finally drop the database.  Each case's output starts with a
    marker line."""
    parts = [
        "\\set ON_ERROR_STOP 1",
        f"DROP DATABASE IF EXISTS {db};",
        f"CREATE DATABASE {db} TEMPLATE {TEMPLATE_DB} {CREATE_STRATEGY};",
        f"\\c {db}",
    ]
    for case in cases:
        parts.append(f"\\echo {MARK}C {case.name}")
        parts.append("\\set ON_ERROR_STOP 1")
        parts += case.setup
        parts += [
            "\\set ON_ERROR_STOP 0",
            "BEGIN;",
            SNAPSHOT_SQL.format(tag="B"),
            "\\o /dev/null",
            case.statement,
            "\\o",
            "\\if :ERROR",
            f"\\echo {MARK}E :LAST_ERROR_MESSAGE",
            "\\endif",
            LOCKS_SQL,
            SNAPSHOT_SQL.format(tag="A"),
            "ROLLBACK;",
        ]
    parts += [
        "\\set ON_ERROR_STOP 1",
        "\\c postgres",
        f"DROP DATABASE {db};",
    ]
    return "\n".join(parts) + "\n"


def split_output(stdout):
    """Case name -> that case's lines of output."""
    out, cur = {}, None
    for line in stdout.splitlines():
        if line.startswith(MARK + "C "):
            cur = line[len(MARK) + 2:].strip()
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return out


def parse_rows(stdout):
    before, after, locks, error = {}, {}, [], None
    lines = stdout.splitlines() if isinstance(stdout, str) else stdout
    for line in lines:
        if line.startswith(MARK + "E"):
            error = line[len(MARK) + 1:].strip()
            continue
        f = line.split("|")
        if f[0] in ("B", "A") and len(f) == 6:
            row = {"name": f[2], "kind": f[3], "relfilenode": int(f[4]),
                   "seq_scan": int(f[5])}
            (before if f[0] == "B" else after)[int(f[1])] = row
        elif f[0] == "L" and len(f) == 4:
            locks.append((int(f[1]), f[2], f[3] == "t"))
    return before, after, locks, error


def effects(before, after, locks):
    """Per pre-existing relation: strongest lock, rewrite, scan."""
    observed = {}
    strongest = {}
    for oid, mode, _granted in locks:
        if oid not in before or mode not in LOCK_RANK:
            continue
        if oid not in strongest or LOCK_RANK[mode] > LOCK_RANK[strongest[oid]]:
            strongest[oid] = mode
    for oid, b in before.items():
        a = after.get(oid)
        rewrite = bool(a and b["relfilenode"] != 0 and a["relfilenode"] != b["relfilenode"])
        scan = rewrite or bool(a and a["seq_scan"] > b["seq_scan"])
        lock = strongest.get(oid)
        if lock or rewrite or scan:
            observed[b["name"]] = {"lock": lock, "rewrite": rewrite, "scan": scan}
    return dict(sorted(observed.items()))


def case_header(case):
    result = {"case": case.name, "description": case.description,
              "setup": case.setup, "statement": case.statement}
    if not case.compare:
        result["compare"] = False
    return result


def observe_batch(cluster, cases):
    """Observe cases (in a rolled-back transaction each) in one database."""
    if len(cases) == 1 and cases[0].skip_in_transaction:
        result = case_header(cases[0])
        result.update(observe_concurrent(cluster, cases[0], case_db(cases[0])))
        return [result]
    db = case_db(cases[0])
    rc, out, err = cluster.run(transaction_script(cases, db), check=False)
    per_case = split_output(out)
    results = []
    for case in cases:
        before, after, locks, error = parse_rows(per_case.get(case.name, []))
        if not before:
            cluster.run(f"DROP DATABASE IF EXISTS {db};\n", check=False)
            raise OracleError(f"{case.name}: setup or snapshot failed:\n{err}")
        if error:
            raise OracleError(f"{case.name}: the statement failed: {error}")
        if not after:
            raise OracleError(f"{case.name}: no snapshot after the statement:\n{err}")
        result = case_header(case)
        result["observed"] = effects(before, after, locks)
        results.append(result)
    if rc != 0:
        raise OracleError(f"{cases[0].name}..{cases[-1].name}: psql failed:\n{err}")
    return results


def make_batches(cases, per_db):
    """Group cases into batches that share a database.  Cases with setup
    lines and cases run outside a transaction change the database for good,
    so they always get a database of their own; the others are grouped, in
    order, up to per_db per database (1 = a fresh database for every case).
    """
    batches, cur = [], []
    for case in cases:
        if case.setup or case.skip_in_transaction:
            batches.append([case])
            continue
        cur.append(case)
        if len(cur) >= per_db:
            batches.append(cur)
            cur = []
    if cur:
        batches.append(cur)
    return batches


# --------------------------------------------------------------------------
# Statements PostgreSQL refuses inside a transaction block
#
# 1. Refusal: run `BEGIN; <statement>` and require the error
#    "... cannot run inside a transaction block".
# 2. Locks: a holder session H takes the lock named by the case's
#    `-- hold: TABLE MODE` line (e.g. `-- hold: accounts ROW EXCLUSIVE`) and
#    keeps its transaction open.  The statement then runs in autocommit in
#    session S.  S eventually waits for H: either its own table lock request
#    conflicts with H's lock, or (CONCURRENTLY forms) it waits for H's
#    transaction to finish while already holding its table lock.  A third
#    session polls pg_locks until S has a lock request that is not granted,
#    then records every relation lock S holds or awaits (an awaited lock is
#    one S is about to take), and terminates H so that S can finish.
#    Choose the held lock so that S freezes at its strongest lock.
# 3. Rewrite: relfilenode before vs after the autocommit run.
# 4. Scan: pg_stat_user_tables.seq_scan (shared statistics) before vs after.
#    No other session connected to the case's database scans a user table
#    (the holder only locks; the pollers read pg_locks/pg_stat_activity), and
#    a backend flushes its counters when it exits, before it disappears from
#    pg_stat_activity; both readings wait until no other session is
#    connected, so the difference is the statement's own scans.


def hold_spec(case):
    with open(case.path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*--\s*hold:\s*([a-z_0-9]+)\s+([A-Z ]+?)\s*$", line)
            if m:
                return m.group(1), m.group(2)
    return None


def observe_concurrent(cluster, case, db):
    res = {"skip_in_transaction": True}
    hold = hold_spec(case)
    if not hold:
        raise OracleError(f"{case.name}: {SKIP_IN_TX} needs a `-- hold: TABLE MODE` line")
    cluster.run(f"DROP DATABASE IF EXISTS {db};\n"
                f"CREATE DATABASE {db} TEMPLATE {TEMPLATE_DB} {CREATE_STRATEGY};\n")
    try:
        if case.setup:
            cluster.run("\\set ON_ERROR_STOP 1\n" + "\n".join(case.setup) + "\n", db=db)
        # 1. Refusal inside a transaction block.
        _, _, err = cluster.run("BEGIN;\n" + case.statement + "\nROLLBACK;\n",
                                db=db, check=False)
        m = re.search(r"ERROR:\s+(.*cannot run inside a transaction block.*)", err)
        if not m:
            raise OracleError(f"{case.name}: marked {SKIP_IN_TX} but PostgreSQL did not "
                              f"refuse it in a transaction block:\n{err}")
        res["refused_in_transaction"] = m.group(1).strip()
        # 2., 3. and 4.
        wait_no_sessions(cluster, db, case)
        _, snap, _ = cluster.run(SNAPSHOT_SQL.format(tag="B"), db=db)
        before, _, _, _ = parse_rows(snap)
        scans_before = shared_seq_scans(cluster, db)
        locks = frozen_locks(cluster, case, db, hold)
        wait_no_sessions(cluster, db, case)
        _, snap, _ = cluster.run(SNAPSHOT_SQL.format(tag="A"), db=db)
        _, after, _, _ = parse_rows(snap)
        scans_after = shared_seq_scans(cluster, db)
        obs = {}
        strongest = {}
        for oid, mode, _granted in locks:
            if oid in before and mode in LOCK_RANK:
                if oid not in strongest or LOCK_RANK[mode] > LOCK_RANK[strongest[oid]]:
                    strongest[oid] = mode
        for oid, b in before.items():
            a = after.get(oid)
            rewrite = bool(a and b["relfilenode"] != 0 and a["relfilenode"] != b["relfilenode"])
            scan = rewrite or scans_after.get(oid, 0) > scans_before.get(oid, 0)
            lock = strongest.get(oid)
            if lock or rewrite or scan:
                obs[b["name"]] = {"lock": lock, "rewrite": rewrite, "scan": scan}
        res["observed"] = dict(sorted(obs.items()))
        res["observed_by"] = (f"autocommit, frozen behind {hold[1]} on {hold[0]} "
                              f"held by another session")
    finally:
        cluster.run(f"DROP DATABASE IF EXISTS {db};\n", check=False)
    return res


def wait_no_sessions(cluster, db, case):
    """Wait until no other session is connected to db.  A backend flushes its
    statistics when it exits, before it leaves pg_stat_activity, so after
    this the shared statistics include everything earlier sessions did."""
    deadline = time.time() + 30
    while time.time() < deadline:
        _, out, _ = cluster.run(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}' "
            f"AND pid <> pg_backend_pid();\n", db="postgres")
        if out.strip() == "0":
            return
        time.sleep(0.01)
    raise OracleError(f"{case.name}: sessions on {db} did not go away")


def shared_seq_scans(cluster, db):
    """relation oid -> seq_scan from the shared statistics (pg_stat_user_tables).
    Read from a new session, so no cached statistics snapshot is involved."""
    _, out, _ = cluster.run(
        "SELECT 'S', relid, seq_scan FROM pg_stat_user_tables "
        "WHERE schemaname = 'public';\n", db=db)
    scans = {}
    for line in out.splitlines():
        f = line.split("|")
        if f[0] == "S" and len(f) == 3:
            scans[int(f[1])] = int(f[2] or 0)
    return scans


def session_pid(cluster, db, appname):
    _, out, _ = cluster.run(
        f"SELECT pid FROM pg_stat_activity WHERE application_name = '{appname}';\n", db=db)
    out = out.strip()
    return int(out) if out.isdigit() else None


def frozen_locks(cluster, case, db, hold):
    """Relation locks (held or awaited) of the statement while it waits."""
    table, mode = hold
    h_app, s_app = "oh_" + db, "os_" + db
    holder = cluster.popen(
        f"BEGIN;\nLOCK TABLE {table} IN {mode} MODE;\nSELECT pg_sleep(300);\nCOMMIT;\n",
        db, h_app)
    stmt = None
    try:
        deadline = time.time() + 30
        h_pid = None
        while time.time() < deadline:       # wait for H to hold its lock
            h_pid = session_pid(cluster, db, h_app)
            if h_pid:
                _, out, _ = cluster.run(
                    f"SELECT count(*) FROM pg_locks WHERE pid = {h_pid} AND granted "
                    f"AND locktype = 'relation' AND relation = '{table}'::regclass;\n", db=db)
                if out.strip() not in ("", "0"):
                    break
            time.sleep(0.01)
        else:
            raise OracleError(f"{case.name}: the holder session never got its lock")
        stmt = cluster.popen(case.statement + "\n", db, s_app)
        locks, waiting = [], False
        while time.time() < deadline:       # wait for S to block
            s_pid = session_pid(cluster, db, s_app)
            if s_pid:
                _, out, _ = cluster.run(
                    f"SELECT 'L', coalesce(relation, 0), mode, granted, locktype "
                    f"FROM pg_locks WHERE pid = {s_pid};\n", db=db)
                rows = [r.split("|") for r in out.splitlines() if r.startswith("L|")]
                if any(r[3] == "f" for r in rows):
                    waiting = True
                    locks = [(int(r[1]), r[2], r[3] == "t") for r in rows
                             if r[4] == "relation"]
                    break
            if stmt.poll() is not None:
                break
            time.sleep(0.01)
        cluster.run(f"SELECT pg_terminate_backend({h_pid});\n", db=db, check=False)
        _, err = stmt.communicate(timeout=60)
        if stmt.returncode != 0 or "ERROR" in err:
            raise OracleError(f"{case.name}: the statement failed in autocommit:\n{err}")
        if not waiting:
            raise OracleError(f"{case.name}: the statement never waited behind {mode} on "
                              f"{table}; cannot observe its locks")
        return locks
    finally:
        for p in (holder, stmt):
            if p and p.poll() is None:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        holder.communicate()


# --------------------------------------------------------------------------
# Running everything


def observe_all(cases, jobs, per_db):
    cluster = Cluster()
    try:
        cluster.start()
        version = cluster.prepare_template()
        batches = make_batches(cases, per_db)
        results = [None] * len(batches)
        errors = []
        lock = threading.Lock()

        def work(i):
            try:
                results[i] = observe_batch(cluster, batches[i])
            except OracleError as e:
                with lock:
                    errors.append(str(e))

        # Longest first: the out-of-transaction cases wait on other sessions.
        order = sorted(range(len(batches)),
                       key=lambda i: (not batches[i][0].skip_in_transaction, i))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            list(ex.map(work, order))
        if errors:
            raise OracleError("\n".join(sorted(errors)))
        flat = sorted((r for batch in results for r in batch), key=lambda r: r["case"])
        return {"version": 1, "server": version,
                "generated_by": "python3 tests/oracle/run_oracle.py --observe",
                "cases": flat}
    finally:
        cluster.stop()


def pgsafe_effects(binary, case):
    """Effects pgsafe reports for the case file's statements (relation -> effect).

    pgsafe lints its inputs in migration order (natural sort of the paths),
    so the files are copied into a scratch directory under names that sort
    in the intended order: 00-schema.sql (testdata/oracle/schema.sql),
    01-setup.sql (the case's `-- setup:` statements, if any, so pgsafe knows
    what they changed) and 02-<case>.sql (the case file, verbatim).  Only
    statements whose path is the case file are compared.
    """
    with tempfile.TemporaryDirectory(prefix="pgsafe-oracle-cmp-") as tmp:
        files = ["00-schema.sql"]
        shutil.copyfile(SCHEMA, os.path.join(tmp, "00-schema.sql"))
        if case.setup:
            with open(os.path.join(tmp, "01-setup.sql"), "w", encoding="utf-8") as f:
                f.write("\n".join(case.setup) + "\n")
            files.append("01-setup.sql")
        case_file = "02-" + os.path.basename(case.path)
        shutil.copyfile(case.path, os.path.join(tmp, case_file))
        files.append(case_file)
        out = subprocess.run([binary, "explain", "--format", "json"] + files,
                             capture_output=True, text=True, cwd=tmp)
    if out.returncode not in (0, 1):
        raise OracleError(f"pgsafe exited {out.returncode}: {out.stderr.strip()}")
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError as e:
        raise OracleError(f"pgsafe printed invalid JSON: {e}")
    rel_case = case_file
    got = {}
    for st in doc.get("statements", []):
        if os.path.normpath(st.get("path", "")) != os.path.normpath(rel_case):
            continue
        for eff in st.get("effects", []):
            rel = str(eff.get("relation", "")).lower()
            prev = got.get(rel)
            lock = eff.get("lock")
            cur = {"lock": lock, "rewrite": bool(eff.get("rewrite")),
                   "scan": bool(eff.get("scan"))}
            if prev:
                if LOCK_RANK.get(prev["lock"], -1) > LOCK_RANK.get(lock, -1):
                    cur["lock"] = prev["lock"]
                cur["rewrite"] |= prev["rewrite"]
                cur["scan"] |= prev["scan"]
            got[rel] = cur
    return got


def compare(binary, observations, existing, jobs):
    """Disagreement lines, number of agreeing cases, number not compared."""
    todo = []
    informational = 0
    for res in observations["cases"]:
        case = Case(os.path.join(CASES_DIR, res["case"] + ".sql"))
        if case.compare:
            todo.append((case, res))
        else:
            informational += 1

    def one(item):
        case, res = item
        try:
            got = pgsafe_effects(binary, case)
        except OracleError as e:
            return [f"{case.name}: -: run: expected a JSON explanation, got {e}"]
        exp = res["observed"]
        fields = ["lock", "rewrite", "scan"]
        # Pre-existing: created by schema.sql or by the case's setup lines.
        pre = existing | created_relations("\n".join(case.setup))
        rels = set(exp) | {r for r in got if r in pre}
        lines = []
        for rel in sorted(rels):
            e = exp.get(rel, {"lock": None, "rewrite": False, "scan": False})
            g = got.get(rel, {"lock": None, "rewrite": False, "scan": False})
            for f in fields:
                if e.get(f) != g.get(f):
                    lines.append(f"{case.name}: {rel}: {f}: expected {fmt(e.get(f))}, "
                                 f"got {fmt(g.get(f))}")
        return lines

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        results = list(ex.map(one, todo))
    lines = [line for r in results for line in r]
    agree = sum(1 for r in results if not r)
    return lines, agree, informational


def fmt(v):
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def created_relations(sql):
    """Names of the tables and materialized views that CREATE statements in
    `sql` create (lowercase, unqualified, as the oracle's SQL writes them)."""
    pat = r"CREATE\s+(?:MATERIALIZED\s+VIEW|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)"
    return {m.lower() for m in re.findall(pat, sql, flags=re.I)}


def existing_relations():
    """Relations schema.sql creates."""
    with open(SCHEMA, encoding="utf-8") as f:
        return created_relations(f.read())


def main():
    # Turn SIGTERM (e.g. a ctest timeout) into an exception, so that the
    # `finally` blocks stop the throwaway cluster.
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--observe", action="store_true", help="print observations as JSON")
    g.add_argument("--compare", metavar="PGSAFE_BINARY", help="compare pgsafe explain")
    ap.add_argument("--output", help="write the --observe JSON here instead of stdout")
    ap.add_argument("--cases", help="only case files matching this glob")
    ap.add_argument("--jobs", type=int, default=min(8, (os.cpu_count() or 2) * 2),
                    help="cases observed in parallel")
    ap.add_argument("--cases-per-db", type=int, default=CASES_PER_DB,
                    help="cases without setup lines sharing one fresh database, "
                         "each in its own rolled-back transaction (1: a fresh "
                         f"database for every case; default {CASES_PER_DB})")
    args = ap.parse_args()

    cases = load_cases(args.cases)
    if not cases:
        print("no oracle cases found", file=sys.stderr)
        return 2
    t0 = time.time()
    try:
        if args.compare:
            binary = os.path.abspath(args.compare) if os.sep in args.compare else args.compare
            if not shutil.which(binary):
                print(f"pgsafe binary not found: {args.compare}", file=sys.stderr)
                return 2
        obs = observe_all(cases, max(1, args.jobs), max(1, args.cases_per_db))
    except OracleError as e:
        print(f"oracle error: {e}", file=sys.stderr)
        return 2
    if args.observe:
        text = json.dumps(obs, indent=1) + "\n"
        if args.output:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            sys.stdout.write(text)
        print(f"observed {len(cases)} cases in {time.time() - t0:.1f}s", file=sys.stderr)
        return 0
    lines, agree, informational = compare(binary, obs, existing_relations(), max(1, args.jobs))
    for line in lines:
        print(line)
    compared = len(cases) - informational
    note = f" ({informational} informational cases not compared)" if informational else ""
    print(f"{compared} cases, {agree} agree{note}")
    return 0 if agree == compared and not lines else 1


if __name__ == "__main__":
    sys.exit(main())
