#!/usr/bin/env bash
# Start a local PostgreSQL server for sitrep's tests and print the URL they read.
#
#   scripts/start-postgres.sh [ENV_FILE]
#
# Installs Debian's `postgresql` package when it is missing, starts the default cluster with
# Debian's cluster tools (pg_ctlcluster, not a stray pg_ctl on PATH), waits until it accepts TCP
# connections on 127.0.0.1, and creates a login role allowed to create databases (the tests make
# a fresh database per run and drop it afterwards). Prints
#   export SITREP_TEST_PG_URL=postgresql+psycopg://USER:PASSWORD@127.0.0.1:PORT/DB
# and writes that line to ENV_FILE when given. Safe to run again: a running server is left alone.
# Must run as root (it installs packages and switches to the `postgres` user).
#
# Settings (environment): SITREP_PG_USER (sitrep_test), SITREP_PG_PASSWORD (sitrep_test),
# SITREP_PG_DB (sitrep_test), SITREP_PG_PORT (the cluster's port, usually 5432).
set -euo pipefail

PG_USER="${SITREP_PG_USER:-sitrep_test}"
PG_PASSWORD="${SITREP_PG_PASSWORD:-sitrep_test}"
PG_DB="${SITREP_PG_DB:-sitrep_test}"
ENV_FILE="${1:-}"

log() { echo "start-postgres: $*" >&2; }

if [[ "$(id -u)" != 0 ]]; then
    log "run me as root (I install packages and act as the postgres user)"
    exit 1
fi

if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

# The newest installed major version, and its cluster (Debian creates "main" on install).
VERSION="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
CLUSTER="$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" '$1 == v {print $2; exit}')"
if [[ -z "$CLUSTER" ]]; then
    CLUSTER=main
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" >/dev/null
fi
PORT="${SITREP_PG_PORT:-$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')}"

STATUS="$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')"
if [[ "$STATUS" == online* ]]; then
    log "cluster $VERSION/$CLUSTER already running on port $PORT"
else
    log "starting cluster $VERSION/$CLUSTER on port $PORT"
    # Containers often lack the socket directory that the Debian cluster config points to.
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

PG_ISREADY="/usr/lib/postgresql/$VERSION/bin/pg_isready"
for _ in $(seq 1 60); do
    if "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT"; then
        break
    fi
    sleep 0.5
done
if ! "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT"; then
    log "the server did not accept connections on 127.0.0.1:$PORT within 30 s;" \
        "see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"
    exit 1
fi

psql_admin() {
    runuser -u postgres -- psql --no-psqlrc -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"
}

# Role and database, created or brought in line (psql variables quote the values safely).
psql_admin -v user="$PG_USER" -v password="$PG_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SQL
psql_admin -v user="$PG_USER" -v db="$PG_DB" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

# Check the URL works over TCP with the password (Debian's default pg_hba allows scram on
# 127.0.0.1), so a broken setup fails here rather than in the tests.
if ! PGPASSWORD="$PG_PASSWORD" psql --no-psqlrc -q -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d "$PG_DB" \
    -c 'SELECT 1' >/dev/null; then
    log "cannot log in as $PG_USER on 127.0.0.1:$PORT; check pg_hba.conf of $VERSION/$CLUSTER"
    exit 1
fi

LINE="export SITREP_TEST_PG_URL=postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
if [[ -n "$ENV_FILE" ]]; then
    printf '%s\n' "$LINE" >"$ENV_FILE"
    log "wrote $ENV_FILE"
fi
printf '%s\n' "$LINE"
