#!/usr/bin/env bash
# Benchmarks, with figures to copy into docs/benchmarks.md. Needs only Java 17 (and the local Kafka of
# scripts/kafka-local.sh, which it starts).
#   scripts/bench.sh formats [N] [R] bytes a value and the event writer's CPU a customer in each value format
#                                    (rci.publish.value-format), over N simulated customers (20,000), R rounds (5)
#   scripts/bench.sh memory [N]      heap that change detection holds for N customers (default 1,000,000)
#   scripts/bench.sh sweep [N]       one sweep of N customers (default 20,000) against the simulator at a budget
#                                    that is not the bottleneck, to measure what the bundle itself sustains
#   scripts/bench.sh baseline [N] [M] the bundle, budget lifted, against a hand-written HttpClient + KafkaProducer
#                                    loop writing the same records, each five times over N customers (100,000),
#                                    cold and warm; start-up and resident memory over M (100,000; 0: skipped)
#   scripts/bench.sh budget [PAGES]  the API budget the bundle uses at the real 60 a minute, 25 and 100 customers a
#                                    page, Kafka local and 10 / 50 ms away (a latency proxy); PAGES a sweep (40)
#   scripts/bench.sh steady [N] [S] sweeps of N unchanged customers (20,000) back to back, budget lifted, rci.emit=changes:
#                                    the bundle's CPU a customer (its threads, not the in-process simulator's
#                                    event loop) from the 10th sweep to the 10+S-th (S: 10)
#                                    BENCH_JFR=FILE records a JFR profile of the run (settings=profile) into FILE
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
    java -Dit.rci-jar=target/quarkus-app/quarkus-run.jar -Dbench.args="${BENCH_ARGS:-}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
      "com.rcistream.bench.$([[ $1 == budget ]] && echo BudgetBenchmark || echo BaselineBenchmark)" "${@:2}" \
      2> >(grep -v -E "INFO|WARN" >&2)
    rm -f "$cp_file"
    ;;
  accounts)
    ./mvnw -q -B package -DskipTests
    ./mvnw -q -B test-compile
    cp_file="$(mktemp)"
    ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
    java -Dit.rci-jar=target/quarkus-app/quarkus-run.jar -Dbench.args="${BENCH_ARGS:-}" -Dbench.rounds="${BENCH_ROUNDS:-2}" \
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
  steady)
    n="${2:-20000}" s="${3:-10}"
    scripts/kafka-local.sh start >/dev/null
    [[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B package -DskipTests
    log="$(mktemp)" run="steady-$(date +%s)"
    # fresh state topics each run, so that the first sweep publishes everything and the others nothing
    java ${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile} -Dquarkus.profile=demo \
      -Dkafka.bootstrap.servers="127.0.0.1:${KAFKA_PORT:-9092}" -Dquarkus.http.port="$((18000 + RANDOM % 1000))" \
      -Drci.simulator.customers="$n" -Drci.simulator.page-size=100 -Drci.simulator.rate-limit.requests=100000 \
      -Drci.api.requests-per-minute=100000 -Drci.emit=changes -Drci.refresh.enabled=false -Drci.poll.interval=1s \
      -Drci.poll.max-sweeps=0 -Drci.topic.customers="$run" -Drci.topic.fingerprints="$run.fingerprints" \
      -Drci.topic.state="$run.state" -Dquarkus.log.category.\"com.rcistream\".level=INFO \
      -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
    pid=$!
    # CPU ticks of the process's threads but the simulator's HTTP event loop (it serves the pages in this JVM)
    ticks() { for t in /proc/"$pid"/task/*/stat; do cat "$t" 2>/dev/null; done |
      awk -F') ' '$1 !~ /vert\.x-eventloo/ { split($2, f, " "); sum += f[12] + f[13] } END { print sum }'; }
    sweeps() { grep -c -E "sweep .* finished" "$log" || true; }
    until (( $(sweeps) >= 10 )); do kill -0 "$pid" 2>/dev/null || { tail -30 "$log"; exit 1; }; sleep 0.2; done
    t0="$(ticks)"
    until (( $(sweeps) >= 10 + s )); do kill -0 "$pid" 2>/dev/null || { tail -30 "$log"; exit 1; }; sleep 0.2; done
    t1="$(ticks)"
    kill "$pid"; wait "$pid" || true
    grep -E "sweep .* (finished|STOPPED)" "$log" | sed -E 's/.*\) sweep/sweep/' | sed -n "11,$((10 + s))p" | cut -c1-140
    awk -v t="$((t1 - t0))" -v n="$n" -v s="$s" -v hz="$(getconf CLK_TCK)" 'BEGIN {
      printf "bundle CPU %.2f s a sweep of %d unchanged customers: %.1f us a customer (load %s)\n",
        t / hz / s, n, t / hz / s / n * 1e6, "'"$(cut -d' ' -f1 /proc/loadavg)"'" }'
    rm -f "$log"
    ;;
  *)
    echo "usage: scripts/bench.sh memory [N] | sweep [N] | steady [N] [S] | budget [PAGES] | baseline [N] [M] | accounts [N...]" >&2
    exit 2
    ;;
esac
