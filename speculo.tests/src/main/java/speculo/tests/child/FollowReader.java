package speculo.tests.child;

import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * Child process: a reader that follows an area across writer crashes and takeovers until a writer
 * finally closes it, checking every chunk with {@link SelfChecking}. Argument: {@code AREA}.
 * Prints {@code READY}, then {@code RESULT read=N bad=N skipped=N generations=N}; exits 0 if no
 * chunk was bad.
 */
public final class FollowReader {

    private FollowReader() {
    }

    public static void main(String[] args) {
        long[] read = new long[1];
        long[] bad = new long[1];
        long generations = 0;
        try (Reader reader = Speculo.reader(args[0])) {
            System.out.println("READY");
            System.out.flush();
            long generation = reader.generation();
            while (!reader.isEndOfStream()) {
                int n = reader.poll(chunk -> {
                    read[0]++;
                    if (SelfChecking.verify(chunk.data()) == null) {
                        bad[0]++;
                        System.err.println("BAD " + chunk + " first bytes " + java.util.HexFormat.of().formatHex(
                                chunk.data().asSlice(0, Math.min(32, chunk.size())).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
                        try {
                            System.err.println("BAD area now: " + ((speculo.core.StoreBackend) Speculo.backend()).inspect(args[0]));
                        } catch (RuntimeException e) {
                            System.err.println("BAD no inspection: " + e);
                        }
                    }
                }, 64);
                if (reader.generation() != generation) {
                    generation = reader.generation();
                    generations++;
                }
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
            System.out.println("RESULT read=" + read[0] + " bad=" + bad[0] + " skipped=" + reader.skipped()
                    + " generations=" + generations);
        }
        System.exit(bad[0] == 0 ? 0 : 1);
    }
}
