#!/usr/bin/env bash
# speculo and Agrona's broadcast buffer, paced latency, run alternately: medians of repeated runs are
# the fair comparison of tails on a machine whose p99 varies by 10-100x from run to run.
# Usage: paired-latency.sh BENCHMARKS_JAR [REPS=7] [SIZES="64 1024"]
set -euo pipefail
jar=$1; reps=${2:-7}; sizes=${3:-"64 1024"}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
runs=$(mktemp)
for _ in $(seq "$reps"); do
  for size in $sizes; do
    for transport in speculo agrona; do
      line=$("$java" --enable-native-access=ALL-UNNAMED -cp "$jar" speculo.bench.ipc.CrossProcess --quick \
             --only "$transport,latency,$size" | tail -1 | grep -o 'p50=[0-9]*, p99=[0-9]*, p999=[0-9]*, max=[0-9]*' | tr -d ',')
      echo "$size $transport $line" | tee -a "$runs"
    done
  done
done
"$(dirname "$0")/medians.sh" < "$runs"
rm -f "$runs"
