package speculo.tests.child;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Deterministic chunk contents for the multi-process tests: the size and every byte of the chunk
 * of a given sequence number follow from that number, so a reader checks each chunk exactly
 * without being told what to expect.
 */
public final class Payloads {

    /** Largest chunk the tests write: a little over 1 MiB. */
    public static final int MAX_SIZE = (1 << 20) + 4099;

    private Payloads() {
    }

    /** {@return the size of the chunk with sequence {@code seq}: mostly small, now and then over 1 MiB, sometimes 0} */
    public static int size(long seq) {
        long h = mix(seq);
        int bucket = (int) Long.remainderUnsigned(h, 100);
        if (bucket == 0) {
            return 0;
        }
        if (bucket == 1) {
            return MAX_SIZE - (int) Long.remainderUnsigned(h >>> 8, 4096);
        }
        if (bucket < 10) {
            return (int) Long.remainderUnsigned(h >>> 8, 64 * 1024);
        }
        return (int) Long.remainderUnsigned(h >>> 8, 2048);
    }

    /** Fills {@code target} (of {@link #size(long)} bytes) with the contents of chunk {@code seq}. */
    public static void fill(MemorySegment target, long seq) {
        long n = target.byteSize();
        long seed = mix(seq);
        for (long i = 0; i + 8 <= n; i += 8) {
            target.set(ValueLayout.JAVA_LONG_UNALIGNED, i, word(seed, i));
        }
        for (long i = n & ~7L; i < n; i++) {
            target.set(ValueLayout.JAVA_BYTE, i, (byte) word(seed, i));
        }
    }

    /** {@return whether {@code data} is exactly the contents of chunk {@code seq}} */
    public static boolean matches(MemorySegment data, long seq) {
        long n = data.byteSize();
        if (n != size(seq)) {
            return false;
        }
        long seed = mix(seq);
        for (long i = 0; i + 8 <= n; i += 8) {
            if (data.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != word(seed, i)) {
                return false;
            }
        }
        for (long i = n & ~7L; i < n; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) != (byte) word(seed, i)) {
                return false;
            }
        }
        return true;
    }

    private static long word(long seed, long index) {
        return mix(seed + index);
    }

    /** SplitMix64's finalizer: a cheap, well-spread hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
