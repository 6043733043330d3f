package speculo.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A flat JSON object written in insertion order: all the CLI's {@code --json} output needs. */
public final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a field: a string, a number, a boolean, or null. */
    public Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /**
     * Prints the object as one line with one more string field last, whose value {@code value}
     * prints itself, JSON-safe already (base64, say): a value of any size streams through, never
     * whole in memory.
     *
     * @param out   where to print
     * @param key   the last field's name
     * @param value prints the field's value, without quotes
     */
    public void printWith(PrintWriter out, String key, Consumer<PrintWriter> value) {
        String head = toString();
        out.write(head, 0, head.length() - 1);
        StringBuilder name = new StringBuilder(fields.isEmpty() ? "" : ",");
        quote(name, key);
        out.write(name.append(":\"").toString());
        value.accept(out);
        out.println("\"}");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null || value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                quote(out, value.toString());
            }
        }
        return out.append('}').toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
