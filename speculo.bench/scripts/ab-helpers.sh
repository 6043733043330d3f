#!/usr/bin/env bash
# A/B of the writer's helpers (DECISIONS 22, 23), cross-process latency, interleaved repetitions.
# Usage: ab-helpers.sh BENCHMARKS_JAR [REPS=5] [SIZES="64 1024 65536 1048576"]
# Prints one line per run: SIZE SETTING p50=.. p99=.. p999=.. max=.. (ns), then the medians.
set -euo pipefail
jar=$1; reps=${2:-5}; sizes=${3:-"64 1024 65536 1048576"}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
settings=("none:-Dspeculo.writer.backAhead=false -Dspeculo.writer.standby=false"
          "standby:-Dspeculo.writer.backAhead=false"
          "ahead:-Dspeculo.writer.standby=false -Dspeculo.writer.backAhead=true"
          "both:-Dspeculo.writer.backAhead=true")
runs=$(mktemp)
for _ in $(seq "$reps"); do
  for size in $sizes; do
    for setting in "${settings[@]}"; do
      line=$("$java" --enable-native-access=ALL-UNNAMED -Dspeculo.bench.childFlags="${setting#*:}" -cp "$jar" \
             speculo.bench.ipc.CrossProcess --quick --only "speculo,latency,$size" | tail -1 \
             | grep -o 'p50=[0-9]*, p99=[0-9]*, p999=[0-9]*, max=[0-9]*' | tr -d ',')
      echo "$size ${setting%%:*} $line" | tee -a "$runs"
    done
  done
done
"$(dirname "$0")/medians.sh" < "$runs"
rm -f "$runs"
