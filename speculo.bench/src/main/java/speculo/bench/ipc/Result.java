package speculo.bench.ipc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a child process reports on its {@code RESULT} line: {@code key=value} pairs, e.g.
 * {@code p50}, {@code p99}, {@code p999}, {@code max} (latency, ns), {@code rate} (chunks/s),
 * {@code received}, {@code skipped}, {@code gap} (longest pause between two chunks, ns),
 * {@code dist} (latency at {@link Measure#PERCENTILES}, comma-separated).
 */
record Result(Map<String, String> fields) {

    static Result parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return new Result(fields);
    }

    /** {@return the value of {@code key}, or NaN if the child did not report it} */
    double get(String key) {
        String value = fields.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    /** {@return the latency distribution at {@link Measure#PERCENTILES}, ns} */
    double[] distribution() {
        String[] parts = fields.getOrDefault("dist", "").split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].isEmpty() ? Double.NaN : Double.parseDouble(parts[i]);
        }
        return values;
    }
}
