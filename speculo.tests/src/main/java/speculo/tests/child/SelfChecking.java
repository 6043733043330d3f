package speculo.tests.child;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Self-describing chunk contents: the first 8 bytes are a key, every other byte follows from the
 * key and its position. A reader verifies any chunk without knowing what the writer meant to
 * write, so a torn, half-written or mixed chunk is always caught. At least {@link #MIN_SIZE} bytes.
 */
public final class SelfChecking {

    /** Smallest size: the key and one check word. */
    public static final int MIN_SIZE = 16;

    private SelfChecking() {
    }

    /** Fills {@code target} with the contents of {@code key}. */
    public static void fill(MemorySegment target, long key) {
        target.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, key);
        long n = target.byteSize();
        for (long i = 8; i + 8 <= n; i += 8) {
            target.set(ValueLayout.JAVA_LONG_UNALIGNED, i, word(key, i));
        }
        for (long i = Math.max(8, n & ~7L); i < n; i++) {
            target.set(ValueLayout.JAVA_BYTE, i, (byte) word(key, i));
        }
    }

    /** {@return the key of a well-formed chunk, or {@code null} if any byte does not follow from it} */
    public static Long verify(MemorySegment data) {
        long n = data.byteSize();
        if (n < MIN_SIZE) {
            return null;
        }
        long key = data.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        for (long i = 8; i + 8 <= n; i += 8) {
            if (data.get(ValueLayout.JAVA_LONG_UNALIGNED, i) != word(key, i)) {
                return null;
            }
        }
        for (long i = Math.max(8, n & ~7L); i < n; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) != (byte) word(key, i)) {
                return null;
            }
        }
        return key;
    }

    private static long word(long key, long index) {
        long z = key * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
