#!/usr/bin/env bash
# Time from JVM start to the first handled ingest request, in N fresh JVMs (default 10).
# Build first: ./mvnw -B -q package -pl bench -am -DskipTests
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-10}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for _ in $(seq "$runs"); do
  # -XX:TieredStopAtLevel=1 is what Lambda's Java runtimes set by default.
  "$java" -XX:TieredStopAtLevel=1 -Dlogback.configurationFile=logback-bench.xml \
    -cp target/benchmarks.jar dev.imagemoderation.bench.ColdStart
done | tee target/cold-start.txt
sed -n 's/.*jvm_to_first_response_ms=\([0-9]*\).*/\1/p' target/cold-start.txt | sort -n |
  awk '{ v[NR] = $1 } END { printf "runs=%d min=%dms median=%dms max=%dms\n", NR, v[1], v[int((NR + 1) / 2)], v[NR] }'
