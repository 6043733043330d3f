package speculo.stress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import speculo.api.ReaderOptions;
import speculo.api.Reader;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;

/**
 * A real area with its real writer and a real reader, for one jcstress state at a time.
 *
 * <p>Creating an area costs about half a millisecond, which would starve jcstress of samples, so
 * areas are pooled: a state {@link #take() takes} one whose reader is at the end of the stream,
 * its actors race on it, and its arbiter cleans up what the state wrote and {@link #release()
 * releases} it. Between states, jcstress's own synchronization orders every access, so the
 * single-threaded writer and reader are never used by two threads at once. Every area is removed
 * when the fork exits ({@link #removeAll()}; {@link StressSuite} also sweeps after each run).
 *
 * <p>The area runs on the backend named by {@code -Dspeculo.backend} (default: the best available).
 */
public final class StressArea {

    /** Bytes of the payloads the tests write: enough to span several cache lines. */
    public static final int PAYLOAD = 192;
    /** Prefix of every stress area's name; {@link StressSuite} removes leftovers by it. */
    public static final String PREFIX = "stress-";

    static final StoreBackend BACKEND = (StoreBackend) Speculo.backend();
    static final WriterOptions OPTIONS = WriterOptions.defaults().withInitialCapacity(WriterOptions.MIN_CAPACITY);
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Queue<StressArea> POOL = new ConcurrentLinkedQueue<>();
    private static final Queue<String> CREATED = new ConcurrentLinkedQueue<>();
    private static final Queue<AutoCloseable> OPEN = new ConcurrentLinkedQueue<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(StressArea::removeAll));
    }

    public final String name;
    public final Writer writer;
    public final Reader reader;
    /** A reader of the same area that is handed removal notices. */
    public final Reader notices;

    private StressArea() {
        this.name = newName();
        this.writer = BACKEND.writer(name, OPTIONS);
        this.reader = BACKEND.reader(name, ReaderOptions.defaults());
        this.notices = BACKEND.reader(name, ReaderOptions.defaults().withRemovals(true));
        closeAtExit(reader);
        closeAtExit(notices);
        closeAtExit(writer);
    }

    /** Registers something to close before the areas are removed at exit (a writer owns its area until closed). */
    static void closeAtExit(AutoCloseable resource) {
        OPEN.add(resource);
    }

    /** {@return a pooled area whose reader has consumed everything} */
    public static StressArea take() {
        StressArea area = POOL.poll();
        return area != null ? area : new StressArea();
    }

    /** Drains the readers and returns the area to the pool. */
    public void release() {
        while (reader.poll(chunk -> { }, 64) > 0 | notices.poll(chunk -> { }, 64) > 0) {
            // consume what the state left
        }
        POOL.offer(this);
    }

    /** {@return a new unique area name, registered for removal at exit} */
    static String newName() {
        String name = PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        CREATED.add(name);
        return name;
    }

    /** Closes the pooled writers and readers, then removes every area this process created. */
    static void removeAll() {
        for (AutoCloseable resource : OPEN) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing twice or after a failure: the area is removed below anyway
            }
        }
        for (String name : CREATED) {
            try {
                BACKEND.remove(name);
            } catch (RuntimeException busy) {
                // a writer of this process still owns it: the process is exiting anyway; the suite sweeps
            }
        }
    }

    /** {@return the backend's name} */
    public static String backendName() {
        return BACKEND.name();
    }

    /** {@return a payload of {@link #PAYLOAD} bytes, each equal to {@code value}} */
    public static byte[] payload(int value) {
        byte[] bytes = new byte[PAYLOAD];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /**
     * Classifies a chunk's bytes.
     *
     * @return the value every byte has, or -1 if the size is wrong or the bytes differ (torn)
     */
    public static int valueOf(MemorySegment data) {
        if (data.byteSize() != PAYLOAD) {
            return -1;
        }
        byte first = data.get(ValueLayout.JAVA_BYTE, 0);
        for (long i = 1; i < PAYLOAD; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) != first) {
                return -1;
            }
        }
        return first & 0xFF;
    }
}
