#!/usr/bin/env bash
# A single-node KRaft Kafka broker as a plain java process: no Docker, jars from Maven Central.
# For the demo and manual checks (tests use the embedded broker instead).
#
#   scripts/kafka-local.sh start|stop|status|logs [LINES]|offsets [--raw|--since FILE] [TOPIC_REGEX]
#
# Environment: KAFKA_PORT (default 9092), KAFKA_CONTROLLER_PORT (default 9093).
# All state lives in .local/kafka/ (git-ignored); delete that folder to start from scratch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/.local/kafka"
LIB="$HERE/lib"
DATA="$HERE/data"
PROPS="$HERE/server.properties"
LOG4J="$HERE/log4j2.properties"
LOG="$HERE/kafka.log"
PID_FILE="$HERE/kafka.pid"
CLUSTER_ID_FILE="$HERE/cluster-id"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="127.0.0.1:$PORT"
READY_TIMEOUT_S=60
STOP_TIMEOUT_S=30

say() { echo "kafka-local: $*"; }
die() { echo "kafka-local: $*" >&2; exit 1; }

# Copies the broker and tools jars once. The marker holds the pom's checksum, so a half-finished
# copy (no marker) or a changed pom (other checksum) starts the copy again from an empty folder.
ensure_lib() {
  local pom="$ROOT/scripts/kafka/pom.xml" sum
  sum="$(cksum <"$pom")"
  if [[ -f "$LIB/.complete" && "$(cat "$LIB/.complete")" == "$sum" ]]; then return; fi
  say "copying Kafka jars from Maven Central into .local/kafka/lib (once)"
  rm -rf "$LIB"
  "$ROOT/mvnw" -q -B -f "$pom" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB"
  echo "$sum" >"$LIB/.complete"
}

# A Kafka command-line class run quietly (errors only), with a small, fast-starting JVM.
TOOL_JAVA=(java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$LOG4J"
  -Dkafka.local.level=ERROR -cp "$LIB/*")
kafka_tool() { "${TOOL_JAVA[@]}" "$@"; }

# The pid from the pid file, only if it is still the broker this script started; else fails.
our_pid() {
  local pid args
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *java* && "$args" == *kafka.Kafka* && "$args" == *"$PROPS"* ]] || return 1
  echo "$pid"
}

# The address the running broker was started with (KAFKA_PORT may differ in this shell).
use_running_address() {
  BOOTSTRAP="$(sed -n 's|^advertised.listeners=PLAINTEXT://||p' "$PROPS")"
  PORT="${BOOTSTRAP##*:}"
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A real request to the broker: the API versions handshake, bounded so a hung broker fails fast.
answers() {
  timeout 20 "${TOOL_JAVA[@]}" org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$BOOTSTRAP" >/dev/null 2>&1
}

write_config() {
  mkdir -p "$DATA"
  cat >"$PROPS" <<EOF
# Written by scripts/kafka-local.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
EOF
  # Root level comes from -Dkafka.local.level: INFO-free broker log, errors only for the tools.
  cat >"$LOG4J" <<'EOF'
appender.console.type=Console
appender.console.name=STDOUT
appender.console.layout.type=PatternLayout
appender.console.layout.pattern=%d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n
rootLogger.level=${sys:kafka.local.level:-WARN}
rootLogger.appenderRef.stdout.ref=STDOUT
# keep the one line that says the server is up
logger.raft.name=kafka.server.KafkaRaftServer
logger.raft.level=INFO
EOF
}

# Formats the storage once; the cluster id is kept so a re-format after deleting data/ reuses it.
format_storage() {
  [[ -f "$DATA/meta.properties" ]] && return
  [[ -s "$CLUSTER_ID_FILE" ]] || kafka_tool kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE"
  say "formatting storage in .local/kafka/data (cluster id $(cat "$CLUSTER_ID_FILE"))"
  kafka_tool kafka.tools.StorageTool format -t "$(cat "$CLUSTER_ID_FILE")" -c "$PROPS" >/dev/null
}

start() {
  local pid started=$SECONDS
  if pid="$(our_pid)"; then
    use_running_address
    say "already running (pid $pid) on $BOOTSTRAP"
    return 0
  fi
  rm -f "$PID_FILE"
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $p on 127.0.0.1 is already in use by a process this script did not start;" \
        "stop it or choose other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done
  ensure_lib
  write_config
  format_storage
  if [[ -f "$LOG" ]]; then mv "$LOG" "$LOG.1"; fi  # one log per run; the previous one is kept
  # setsid: the broker outlives this shell and ignores a Ctrl-C meant for the caller (demo.sh).
  setsid java -Xms128m -Xmx512m -Dlog4j2.configurationFile="$LOG4J" -Dkafka.local.level=WARN \
    -cp "$LIB/*" kafka.Kafka "$PROPS" </dev/null >>"$LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  say "starting (pid $pid, log .local/kafka/kafka.log)"
  while ((SECONDS - started < READY_TIMEOUT_S)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 20 "$LOG" >&2
      die "the broker exited during start-up (last lines of .local/kafka/kafka.log above)"
    fi
    if port_open "$PORT" && answers; then
      say "ready in $((SECONDS - started)) s: bootstrap servers $BOOTSTRAP"
      return 0
    fi
    sleep 0.5
  done
  die "no answer on $BOOTSTRAP after ${READY_TIMEOUT_S} s; still running as pid $pid" \
    "(see .local/kafka/kafka.log, stop with: scripts/kafka-local.sh stop)"
}

stop() {
  local pid waited=0
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true  # it may have just exited by itself
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= STOP_TIMEOUT_S * 2)); then
      say "still running after ${STOP_TIMEOUT_S} s, killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "stopped"
}

status() {
  local pid
  if ! pid="$(our_pid)"; then say "not running"; return 1; fi
  use_running_address
  if port_open "$PORT" && answers; then
    say "running (pid $pid), answering on $BOOTSTRAP"
  else
    say "running (pid $pid) but not answering on $BOOTSTRAP"
    return 1
  fi
}

# End offset per topic = records ever written (tombstones included; compaction does not lower it).
# Prints "topic records" lines sorted by topic; nothing when no topic matches.
end_offsets() {
  local out
  # GetOffsetShell fails when no topic matches: that is an empty list here, not an error.
  if ! out="$(kafka_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
    --topic "$1" --exclude-internal-topics --time -1 2>&1)"; then
    [[ "$out" == *"Could not match any topic-partitions"* ]] || die "could not read offsets: $out"
    return 0
  fi
  # Keeps only topic:partition:offset lines (topic names never contain ':').
  printf '%s\n' "$out" | awk -F: '/^[A-Za-z0-9._-]+:[0-9]+:-?[0-9]+$/ { sum[$1] += $3 }
    END { for (t in sum) print t, sum[t] }' | LC_ALL=C sort
}

# offsets [--raw | --since FILE] [TOPIC_REGEX]: an aligned table of records per topic;
# --raw prints the plain list (to save), --since adds the difference to such a saved list.
offsets() {
  local mode=table base=/dev/null counts
  case "${1:-}" in
    --raw) mode=raw; shift ;;
    --since) base="${2:?--since needs a file}"; mode=since; shift 2 ;;
  esac
  local regex="${1:-rci\..*}"
  our_pid >/dev/null || die "not running (start it with: scripts/kafka-local.sh start)"
  use_running_address
  counts="$(end_offsets "$regex")"
  if [[ "$mode" == raw ]]; then [[ -z "$counts" ]] || printf '%s\n' "$counts"; return 0; fi
  if [[ -z "$counts" ]]; then echo "(no topics matching $regex)"; return 0; fi
  printf '%s\n' "$counts" | awk -v base_file="$base" -v delta="$([[ $mode == since ]] && echo 1)" '
    BEGIN { while ((getline line < base_file) > 0) { split(line, f, " "); base[f[1]] = f[2] } }
    { name[++n] = $1; recs[n] = $2; if (length($1) > w) w = length($1) }
    END {
      if (w < 5) w = 5
      printf "%-" w "s  %10s%s\n", "topic", "records", delta ? "    this run" : ""
      for (i = 1; i <= n; i++) {
        printf "%-" w "s  %10d", name[i], recs[i]
        if (delta) printf "  %+10d", recs[i] - base[name[i]]
        printf "\n"
      }
    }'
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  logs) tail -n "${2:-100}" "$LOG" ;;
  offsets) shift; offsets "$@" ;;
  *) die "usage: $0 start|stop|status|logs [LINES]|offsets [--raw|--since FILE] [TOPIC_REGEX]" ;;
esac
