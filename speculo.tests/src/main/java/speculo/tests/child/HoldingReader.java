package speculo.tests.child;

import java.io.IOException;
import java.time.Duration;
import speculo.api.Chunk;
import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * Child process: a reader that holds a chunk across a pause. Argument: {@code AREA}. Takes the
 * first chunk with {@code next}, prints {@code HOLDING}, and checks that chunk's bytes with
 * {@link SelfChecking} over and over until a line arrives on standard input (the test stops and
 * resumes this process meanwhile); then checks it once more and follows the area to its end, as
 * {@link FollowReader} does. Prints {@code RESULT read=N bad=N}, where {@code bad} counts the
 * checks of the held chunk that failed and bad chunks of the stream; exits 0 if there were none.
 */
public final class HoldingReader {

    private HoldingReader() {
    }

    public static void main(String[] args) throws IOException {
        long[] read = {0};
        long[] bad = {0};
        try (Reader reader = Speculo.reader(args[0])) {
            Chunk held = reader.next(Duration.ofSeconds(60)).orElseThrow();
            Long key = SelfChecking.verify(held.data());
            System.out.println("HOLDING key=" + key);
            System.out.flush();
            while (System.in.available() == 0) {
                if (!key.equals(SelfChecking.verify(held.data()))) {
                    bad[0]++;
                    break;
                }
            }
            if (!key.equals(SelfChecking.verify(held.data()))) {
                bad[0]++;
            }
            read[0]++;
            while (!reader.isEndOfStream()) {
                if (reader.poll(chunk -> {
                    read[0]++;
                    if (SelfChecking.verify(chunk.data()) == null) {
                        bad[0]++;
                    }
                }, 64) == 0) {
                    Thread.onSpinWait();
                }
            }
            System.out.println("RESULT read=" + read[0] + " bad=" + bad[0]);
        }
        System.exit(bad[0] == 0 ? 0 : 1);
    }
}
