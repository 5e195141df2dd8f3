#!/bin/sh
# pg-temp-cluster.sh -- start/stop a throwaway PostgreSQL cluster for tests.
#
#   scripts/pg-temp-cluster.sh start DIR   create (if needed) and start a cluster
#                                          in DIR; print "PGHOST=..." and
#                                          "PGPORT=..." lines (shell-evaluable)
#                                          and write the same lines to DIR/env
#   scripts/pg-temp-cluster.sh stop DIR    stop the cluster in DIR (fast mode)
#
# The cluster listens only on a unix socket inside DIR (listen_addresses=''),
# runs with fsync off, and belongs to the `postgres` OS user.  When this script
# is run as root, initdb/pg_ctl are run through `runuser -u postgres`; when run
# as any other user, they are run directly as that user.
#
# The server binaries are found through $PG_BINDIR if set, else pg_config's
# --bindir if it names a directory with initdb, else the newest
# /usr/lib/postgresql/*/bin (Debian layout), else initdb on PATH.
#
# The superuser of the new cluster is `postgres`; connect with
#   eval "$(scripts/pg-temp-cluster.sh start /tmp/x)"; psql -U postgres
set -eu

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
        echo "$PG_BINDIR"; return 0
    fi
    # Debian layout: pick the highest major version (numeric sort: 9 < 10).
    best=$(for d in /usr/lib/postgresql/*/bin; do
               if [ -x "$d/initdb" ]; then echo "$d"; fi
           done | sort -t/ -k5,5n | tail -n 1)
    if [ -n "$best" ]; then
        echo "$best"; return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    fi
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    echo "pg-temp-cluster: no PostgreSQL server binaries found" \
         "(install the postgresql package or set PG_BINDIR)" >&2
    return 1
}

# Run a command as the cluster owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Pick a TCP port number nobody is listening on.  The server only uses it to
# name its socket file (DIR/.s.PGSQL.PORT), but a free port also keeps the
# lock file in the socket directory unique and avoids surprising anyone who
# later enables TCP.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    else
        # fall back to a pseudo-random port in the private range
        echo $(( 20000 + ($$ * 7919 + $(date +%s)) % 30000 ))
    fi
}

# Make every ancestor of DIR traversable by the postgres user.  Directories
# that already are (o+x) are left alone; only root-owned ancestors that are
# not traversable get o+x (never anything more).
open_parents() {
    p=$1
    while [ "$p" != "/" ] && [ -n "$p" ]; do
        p=$(dirname "$p")
        if ! as_owner test -x "$p" 2>/dev/null; then
            chmod o+x "$p"
        fi
    done
}

start() {
    bindir=$(find_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || {
            echo "pg-temp-cluster: running as root but there is no 'postgres' user" >&2
            exit 1
        }
        open_parents "$dir"
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    data="$dir/data"

    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$data" -U postgres -A trust \
            -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
            # older initdb (or a machine without C.UTF-8): retry with C
            rm -rf "$data"
            as_owner "$bindir/initdb" -D "$data" -U postgres -A trust \
                -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
                cat "$dir/initdb.log" >&2
                exit 1
            }
        }
    fi

    port=$(free_port)
    # Settings for a fast, private, disposable server.
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -p $port"
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts="$opts -c max_locks_per_transaction=256"
    if [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        echo "pg-temp-cluster: a server is already running in $data" >&2
        exit 1
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -o "$opts" \
        -w -t 60 start >/dev/null || {
        cat "$dir/server.log" >&2 || true
        exit 1
    }
    printf 'PGHOST=%s\nPGPORT=%s\n' "$dir" "$port" >"$dir/env"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/env"
    cat "$dir/env"
}

stop() {
    bindir=$(find_bindir)
    data="$dir/data"
    if [ ! -d "$data" ]; then
        echo "pg-temp-cluster: no cluster in $dir" >&2
        exit 1
    fi
    if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    fi
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
