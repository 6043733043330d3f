package speculo.api.internal;

/**
 * Makes text from outside (an area name, a handle's text, a command-line argument) safe to put in
 * a message: control characters are written as escapes, so a message stays one line and cannot
 * drive the terminal or forge a log line. Not part of the API: exported to speculo's own modules only.
 */
public final class Printable {

    /** Longest text quoted whole; longer text is cut and ends with {@code ...}. */
    public static final int MAX_LENGTH = 120;

    private Printable() {
    }

    /**
     * {@return {@code text} with every control character (C0, DEL, C1, and the Unicode line and
     * paragraph separators) written as {@code \n}, {@code \t}, {@code \r}, {@code \e} or
     * {@code \}{@code uXXXX}, cut to {@value #MAX_LENGTH} characters} A backslash stays as it
     * is, so that quoting a message twice changes nothing.
     *
     * @param text any text; {@code null} gives {@code "null"}
     */
    public static String quote(CharSequence text) {
        if (text == null) {
            return "null";
        }
        CharSequence cut = text.length() <= MAX_LENGTH ? text : text.subSequence(0, MAX_LENGTH - 3) + "...";
        StringBuilder s = new StringBuilder(cut.length() + 8);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                case '\u001b' -> s.append("\\e");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
