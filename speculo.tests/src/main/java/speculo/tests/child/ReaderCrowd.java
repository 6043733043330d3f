package speculo.tests.child;

import java.util.ArrayList;
import java.util.List;
import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * Child process: many readers of one area in one process, each polling on a thread of its own, so
 * that one SIGKILL kills them all at wherever each one is. Arguments: {@code AREA READERS}. Opens
 * every reader, prints {@code READY}, then polls until the end of the stream; a test kills it
 * long before that.
 */
public final class ReaderCrowd {

    private ReaderCrowd() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.parseInt(args[1]);
        List<Reader> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readers.add(Speculo.reader(args[0]));
        }
        List<Thread> threads = new ArrayList<>();
        for (Reader reader : readers) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!reader.isEndOfStream()) {
                    if (reader.poll(chunk -> { }, 16) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        System.out.println("READY");
        System.out.flush();
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
