#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from the Debian packages
# (postgresql-15 or newer): a cluster under DIR, on 127.0.0.1:PORT and a
# socket in DIR, trust authentication, no system service.
#
#   tests/pg-sementara.sh start DIR PORT   -> prints the URL for KINERJA_UJI_DB
#   tests/pg-sementara.sh stop DIR
#
# Durability is off (fsync, full_page_writes): the data lives for one run.
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user that the Debian package creates.
set -euo pipefail

perintah=${1:?start|stop}
dir=$(realpath -m "${2:?folder kluster}")
port=${3:-54329}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] && command -v pg_config >/dev/null; then bin=$(pg_config --bindir); fi
[ -x "$bin/initdb" ] || { echo "PostgreSQL tidak ada: apt-get install postgresql" >&2; exit 1; }

sebagai() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# In memory when /dev/shm has room (2 GiB free): every test copies a database
# (CREATE DATABASE ... TEMPLATE), 150-500 ms each on this kind of virtual
# disk against 15-25 ms in memory. Otherwise (a small /dev/shm, as in a
# default container), as root the cluster's folder must be reachable by
# `postgres`: a build folder under /root is not, so it then lives in /tmp.
kunci=$(echo "$dir" | md5sum | cut -c1-12)
shm=/dev/shm/kinerja-pg-$kunci
if [ -d "$shm" ] || { [ "$perintah" = start ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
     [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -ge 2097152 ]; }; then
  dir=$shm
elif [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
  dir=/tmp/kinerja-pg-$kunci
fi

case "$perintah" in
start)
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    sebagai "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log"
  fi
  sebagai "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 ||
  sebagai "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir \
     -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
     -c max_connections=200 -c shared_buffers=128MB -c max_wal_size=256MB -c timezone=UTC" >/dev/null
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -d "$dir/data" ] && sebagai "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  if [ "$dir" = "$shm" ]; then rm -rf "$dir"; fi  # memory back; a run starts afresh anyway
  ;;
*)
  echo "pakai: $0 start DIR [PORT] | stop DIR" >&2; exit 2
  ;;
esac
