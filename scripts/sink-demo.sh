#!/usr/bin/env bash
# The demo landed in PostgreSQL through Kafka Connect, on one machine with Java 17 and PostgreSQL's server binaries
# (Debian, Ubuntu: apt-get install postgresql): the local broker and one sweep of the simulator (scripts/demo.sh) with
# rci.publish.value-format=connect-json, a PostgreSQL cluster of its own, and a Kafka Connect standalone worker running
# Debezium's JDBC sink configured as docs/sinks.md shows; then the rows of each table. All three are left running.
#
#   scripts/sink-demo.sh [-Dkey=value ...]    e.g. scripts/sink-demo.sh -Drci.simulator.customers=5000
#   scripts/sink-demo.sh stop                 stops the worker and PostgreSQL (scripts/kafka-local.sh stop: Kafka)
#
# Environment: KAFKA_PORT (9092), PG_PORT (55432), CONNECT_PORT (8083). State in .local/postgres and .local/connect
# (git-ignored); delete them to start from scratch. Run it again: a new sweep, the same tables upserted.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/.local/connect"
LIB="$HERE/lib"
PLUGINS="$HERE/plugins"
PG="$ROOT/.local/postgres"
PID_FILE="$HERE/connect.pid"
PG_PORT="${PG_PORT:-55432}"
CONNECT_PORT="${CONNECT_PORT:-8083}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
DEBEZIUM="io.debezium:debezium-connector-jdbc:3.6.0.Final:tar.gz:plugin"
TABLES=(rci_customers rci_customers_email-marketing rci_customers_sms-marketing)

say() { echo "sink-demo: $*"; }
die() { echo "sink-demo: $*" >&2; exit 1; }

pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -x "$bin/initdb" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql: apt-get install postgresql"
  echo "$bin"
}
# PostgreSQL refuses to run as root: as root, its tools run as the postgres user.
as_pg() { if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_rci() { "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U rci -d rci -Atc "$1"; }

# The worker's jars and the sink plugin, once; the marker holds the pom's checksum, like kafka-local.sh.
ensure_jars() {
  local pom="$ROOT/scripts/connect/pom.xml" sum
  sum="$(cksum <"$pom")"
  if [[ -f "$HERE/.complete" && "$(cat "$HERE/.complete")" == "$sum" ]]; then return; fi
  say "copying Kafka Connect and Debezium's JDBC sink from Maven Central into .local/connect (once)"
  rm -rf "$LIB" "$PLUGINS"
  "$ROOT/mvnw" -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB"
  "$ROOT/mvnw" -q -B -f "$pom" dependency:unpack -Dartifact="$DEBEZIUM" -DoutputDirectory="$PLUGINS"
  echo "$sum" >"$HERE/.complete"
}

start_postgres() {
  local bin
  bin="$(pg_bin)"
  if [[ ! -f "$PG/data/PG_VERSION" ]]; then
    mkdir -p "$PG"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres "$PG"; fi
    as_pg "$bin/initdb" -D "$PG/data" -U rci --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$PG/data" status >/dev/null 2>&1; then
    say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$bin/pg_ctl" -D "$PG/data" -w -l "$PG/postgres.log" \
      -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -p $PG_PORT" start >/dev/null
  fi
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U rci rci 2>/dev/null || true
  # each table with its key column before the sink starts: Debezium's sink 3.6 fails creating a table from a
  # tombstone (NullPointerException, "data" is null); it adds the other columns itself (docs/sinks.md)
  for table in "${TABLES[@]}"; do psql_rci "CREATE TABLE IF NOT EXISTS \"$table\" (id text PRIMARY KEY)" >/dev/null; done
}

connect_running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start_connect() {
  if connect_running; then say "Kafka Connect already running (pid $(cat "$PID_FILE"))"; return; fi
  cat >"$HERE/worker.properties" <<PROPS
bootstrap.servers=127.0.0.1:$KAFKA_PORT
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=true
offset.storage.file.filename=$HERE/connect.offsets
plugin.path=$PLUGINS
plugin.discovery=service_load
listeners=http://127.0.0.1:$CONNECT_PORT
PROPS
  # the connector of docs/sinks.md (JdbcSinkIT runs the same)
  cat >"$HERE/rci-postgres.properties" <<PROPS
name=rci-postgres
connector.class=io.debezium.connector.jdbc.JdbcSinkConnector
tasks.max=1
topics=rci.customers,rci.customers.email-marketing,rci.customers.sms-marketing
connection.url=jdbc:postgresql://127.0.0.1:$PG_PORT/rci
connection.username=rci
connection.password=
insert.mode=upsert
delete.enabled=true
primary.key.mode=record_key
primary.key.fields=id
schema.evolution=basic
quote.identifiers=true
transforms=key
transforms.key.type=org.apache.kafka.connect.transforms.HoistField\$Key
transforms.key.field=id
PROPS
  cat >"$HERE/log4j2.properties" <<'PROPS'
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=${sys:connect.log}
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=%d{HH:mm:ss} %-5p [%c{1}] %m%n
PROPS
  say "starting Kafka Connect (standalone, REST on 127.0.0.1:$CONNECT_PORT, log .local/connect/connect.log)"
  nohup java -Xmx256m -Dconnect.log="$HERE/connect.log" -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$LIB/*" org.apache.kafka.connect.cli.ConnectStandalone \
    "$HERE/worker.properties" "$HERE/rci-postgres.properties" >>"$HERE/connect.out" 2>&1 &
  echo $! >"$PID_FILE"
}

# Waits until rci_customers holds rows and their count has not moved for 5 s (at most 3 minutes).
await_rows() {
  local count last=-1 steady=0
  for _ in $(seq 1 180); do
    connect_running || die "Kafka Connect stopped: see .local/connect/connect.out"
    count="$(psql_rci 'SELECT count(*) FROM rci_customers' 2>/dev/null || echo 0)"
    if [[ "$count" == "$last" && "$count" -gt 0 ]]; then
      steady=$((steady + 1))
      if ((steady >= 5)); then return; fi
    else
      steady=0
    fi
    last="$count"
    sleep 1
  done
  die "no steady rows in rci_customers after 3 minutes: see .local/connect/connect.log"
}

stop() {
  if connect_running; then say "stopping Kafka Connect"; kill "$(cat "$PID_FILE")"; fi
  rm -f "$PID_FILE"
  if [[ -f "$PG/data/PG_VERSION" ]]; then as_pg "$(pg_bin)/pg_ctl" -D "$PG/data" -w -m fast stop || true; fi
}

if [[ "${1:-}" == "stop" ]]; then stop; exit 0; fi

pg_bin >/dev/null
mkdir -p "$HERE"
ensure_jars
"$ROOT/scripts/demo.sh" -Drci.publish.value-format=connect-json "$@"
start_postgres
start_connect
await_rows
echo
echo "What landed in PostgreSQL (rows a table):"
for table in "${TABLES[@]}"; do
  printf '  %-32s %s\n' "$table" "$(psql_rci "SELECT count(*) FROM \"$table\"" 2>/dev/null || echo '(none yet)')"
done
echo
echo "Columns:  psql -h 127.0.0.1 -p $PG_PORT -U rci rci -c '\\d rci_customers'"
echo "Stop:     scripts/sink-demo.sh stop; scripts/kafka-local.sh stop"
