#!/usr/bin/env bash
# Benchmarks, with figures to copy into docs/benchmarks.md. Needs only Java 17 (and the local Kafka of
# scripts/kafka-local.sh, which it starts).
#   scripts/bench.sh formats [N] [R] bytes a value and the event writer's CPU a customer, json against connect-json
#                                    (rci.publish.value-format), over N simulated customers (20,000), R rounds (5)
#   scripts/bench.sh memory [N]      heap that change detection holds for N customers (default 1,000,000)
#   scripts/bench.sh sweep [N]       one sweep of N customers (default 20,000) against the simulator at a budget
#                                    that is not the bottleneck, to measure what the bundle itself sustains
#   scripts/bench.sh baseline [N] [M] the bundle, budget lifted, against a hand-written HttpClient + KafkaProducer
#                                    loop writing the same records, each five times over N customers (100,000),
#                                    cold and warm; start-up and resident memory over M (100,000; 0: skipped)
#   scripts/bench.sh budget [PAGES]  the API budget the bundle uses at the real 60 a minute, 25 and 100 customers a
#                                    page, Kafka local and 10 / 50 ms away (a latency proxy); PAGES a sweep (40)
#   scripts/bench.sh accounts [N...] N accounts (1 10 100 500) of 2,000 customers each in one bundle at -Xmx256m, each
#                                    at the real 60 a minute: the first sweep, then back-to-back sweeps with
#                                    rci.emit=changes and 2% changed a sweep; BENCH_ROUNDS (2) runs a size,
#                                    BENCH_STEADY_SECONDS (120) the steady window
# BENCH_ROUNDS (3) is how many times "baseline" compares the two, for the spread of the ratio.
# BENCH_ARGS adds JVM options or settings to the bundle of "baseline", to compare variants:
#   BENCH_ARGS="-Drci.publish.pages-in-flight=1" scripts/bench.sh baseline
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

case "${1:-}" in
  formats)
    ./mvnw -q -B test-compile
    cp_file="$(mktemp)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
    java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
      com.rcistream.bench.ValueFormatBenchmark "${2:-20000}" "${3:-5}" 2> >(grep -v -E "INFO|WARN" >&2)
    rm -f "$cp_file"
    ;;
  memory)
    ./mvnw -q -B test-compile
    cp_file="$(mktemp)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
    java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
      com.rcistream.bench.FingerprintMemoryBenchmark "${2:-1000000}"
    rm -f "$cp_file"
    ;;
  baseline | budget)
    ./mvnw -q -B package -DskipTests
    ./mvnw -q -B test-compile
    cp_file="$(mktemp)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
    java -Drci.jar=target/quarkus-app/quarkus-run.jar -Dbench.args="${BENCH_ARGS:-}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
      "com.rcistream.bench.$([[ $1 == budget ]] && echo BudgetBenchmark || echo BaselineBenchmark)" "${@:2}" \
      2> >(grep -v -E "INFO|WARN" >&2)
    rm -f "$cp_file"
    ;;
  accounts)
    ./mvnw -q -B package -DskipTests
    ./mvnw -q -B test-compile
    cp_file="$(mktemp)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
    java -Drci.jar=target/quarkus-app/quarkus-run.jar -Dbench.args="${BENCH_ARGS:-}" -Dbench.rounds="${BENCH_ROUNDS:-2}" \
      -Dbench.steady-seconds="${BENCH_STEADY_SECONDS:-120}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
      com.rcistream.bench.AccountsBenchmark "${@:2}" 2> >(grep -v -E "INFO|WARN" >&2)
    rm -f "$cp_file"
    ;;
  sweep)
    n="${2:-20000}"
    scripts/kafka-local.sh start >/dev/null
    [[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B package -DskipTests
    log="$(mktemp)"
    /usr/bin/time -v java -Dquarkus.profile=demo -Dkafka.bootstrap.servers="127.0.0.1:${KAFKA_PORT:-9092}" \
      -Drci.simulator.customers="$n" -Drci.simulator.page-size=100 -Drci.simulator.rate-limit.requests=100000 \
      -Drci.api.requests-per-minute=100000 -Drci.emit=all -Drci.refresh.enabled=false \
      -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
    grep -E "sweep .* (finished|STOPPED)" "$log" | sed -E 's/.*\) sweep/sweep/'
    grep -E "Maximum resident|Elapsed \(wall" "$log"
    rm -f "$log"
    ;;
  *)
    echo "usage: scripts/bench.sh memory [N] | sweep [N] | budget [PAGES] | baseline [N] [M] | accounts [N...]" >&2
    exit 2
    ;;
esac
