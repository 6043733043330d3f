package speculo.tests.child;

import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * Child process: a reader of a multi-process test.
 *
 * <p>Argument: {@code AREA}. Opens the area, prints {@code READY}, then polls until the end of the
 * stream, checking every chunk against {@link Payloads} and that sequences strictly increase.
 * Prints {@code RESULT read=N skipped=N bytes=N last=N bad=N generations=N} and exits with 0 if
 * every chunk was right, 1 otherwise.
 */
public final class StreamReader {

    private StreamReader() {
    }

    public static void main(String[] args) {
        String area = args[0];
        long[] read = new long[1];
        long[] bytes = new long[1];
        long[] last = new long[1];
        long[] bad = new long[1];
        long generations = 0;
        try (Reader reader = Speculo.reader(area)) {
            System.out.println("READY");
            System.out.flush();
            long generation = reader.generation();
            while (!reader.isEndOfStream()) {
                int n = reader.poll(chunk -> {
                    long seq = chunk.sequence();
                    if (seq <= last[0] || !Payloads.matches(chunk.data(), seq)) {
                        bad[0]++;
                    }
                    last[0] = seq;
                    read[0]++;
                    bytes[0] += chunk.size();
                }, 16);
                if (reader.generation() != generation) {
                    generation = reader.generation();
                    generations++;
                }
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            System.out.println("RESULT read=" + read[0] + " skipped=" + reader.skipped() + " bytes=" + bytes[0]
                    + " last=" + last[0] + " bad=" + bad[0] + " generations=" + generations);
        }
        System.exit(bad[0] == 0 ? 0 : 1);
    }
}
