#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: Debian's postgresql (installed when missing), initdb into a
# temporary folder and pg_ctl on a free port, run as a non-root user. Prints one line for the caller to eval:
#   export STANDINGS_TEST_POSTGRES='Host=127.0.0.1;Port=…;Username=standings;Password=standings'
#   export STANDINGS_TEST_POSTGRES_DIR=/tmp/…
# Stop it with: scripts/throwaway-postgres.sh stop "$STANDINGS_TEST_POSTGRES_DIR"
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
  # initdb and the server refuse to run as root: run them as Debian's postgres user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = "stop" ]; then
  dir="${2:?folder of the cluster}"
  if [ -d "$dir/data" ]; then as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  exit 0
fi

if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/initdb" ]; then
  echo "Installing Debian postgresql for the PostgreSQL tests..." >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
bin=$(bin_dir)

dir=$(mktemp -d /tmp/standings-pg.XXXXXX)
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo standings > "$dir/pw"
as_owner "$bin/initdb" -D "$dir/data" -U standings --pwfile="$dir/pw" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Throwaway: no durability needed, and room for the tests' parallel databases and connections.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
echo "export STANDINGS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=standings;Password=standings'"
echo "export STANDINGS_TEST_POSTGRES_DIR='$dir'"
