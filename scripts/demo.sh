#!/usr/bin/env bash
# The main job, end to end on one machine with only Java 17: a local Kafka broker, the application
# built if needed, one sweep against its built-in API simulator (profile demo, which exits by itself),
# then what landed in Kafka, counted by the broker itself. Kafka is left running.
#
#   scripts/demo.sh [-v] [-Dkey=value | key=value ...]    e.g. scripts/demo.sh -Drci.simulator.customers=5000
#
# The application shows its own lines: the topics, the sweep page by page, its summary. -v (--verbose) adds the
# frameworks' start-up and shutdown lines (Quarkus, Camel, the Kafka clients), which the demo profile leaves out.
# Extra arguments become system properties of the application (key=value is taken as -Dkey=value).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA="$ROOT/scripts/kafka-local.sh"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

say() { echo "demo: $*"; }

props=()
verbose=()
for arg in "$@"; do
  case "$arg" in
    -v|--verbose) verbose=(-Dquarkus.log.level=INFO "-Dquarkus.log.console.format=%d{HH:mm:ss,SSS} %-5p [%c{3.}] %s%e%n") ;;
    -D?*=*) props+=("$arg") ;;
    [!-]*=*) props+=("-D$arg") ;;
    *) echo "demo: not a system property: '$arg' (use -Dkey=value)" >&2; exit 2 ;;
  esac
done

"$KAFKA" start

# Rebuild when the jar is missing or older than pom.xml or any file under src/.
if [[ ! -f "$JAR" || -n "$(find "$ROOT/pom.xml" "$ROOT/src" -newer "$JAR" -print -quit)" ]]; then
  say "building the application (mvnw package -DskipTests)"
  "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" package -DskipTests
fi

# From the repo root: the application reads ./application.properties and ./routes/ from there.
cd "$ROOT"
# Counts before the run, so the table below also shows what this run added.
before="$(mktemp)"
trap 'rm -f "$before"' EXIT
"$KAFKA" offsets --raw >"$before"
say "running one sweep: java -Dquarkus.profile=demo ... -jar target/quarkus-app/quarkus-run.jar"
((${#verbose[@]})) || say "(its own lines only; scripts/demo.sh -v shows Quarkus', Camel's and Kafka's too)"
# The broker address follows KAFKA_PORT like kafka-local.sh; the caller's -D options come last and win.
rc=0
java -Dquarkus.profile=demo -Dkafka.bootstrap.servers="127.0.0.1:${KAFKA_PORT:-9092}" \
  ${verbose[@]+"${verbose[@]}"} ${props[@]+"${props[@]}"} -jar "$JAR" || rc=$?

echo
echo "What landed in Kafka (counted by the broker):"
"$KAFKA" offsets --since "$before" || true
echo
printf '%s\n' "Look at the records: kcat -b 127.0.0.1:${KAFKA_PORT:-9092} -C -t rci.customers -o beginning -e -f '%k %s\n'"
printf '%s\n' "Stop Kafka:         scripts/kafka-local.sh stop"

if ((rc != 0)); then say "the application exited with code $rc"; fi
exit "$rc"
