#!/usr/bin/env bash
# Reads lines "KEY1 KEY2 p50=N p99=N p999=N max=N" and prints, per (KEY1, KEY2), the median of each figure.
sort -k1,1n -k2,2 | awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    key = $1 " " $2; if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
    for (f = 3; f <= NF; f++) { split($f, kv, "="); values[key, kv[1]] = values[key, kv[1]] " " kv[2] }
    count[key]++
  }
  END {
    print "medians:"
    for (k = 1; k <= keys; k++) {
      key = order[k]
      printf "%s n=%d p50=%s p99=%s p999=%s max=%s\n", key, count[key], median(values[key, "p50"]),
        median(values[key, "p99"]), median(values[key, "p999"]), median(values[key, "max"])
    }
  }'
