package speculo.core.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Access to the 64-bit words of shared memory, with the memory ordering each use needs.
 *
 * <p>Every word is 8-byte aligned within a page-aligned mapping, so the aligned
 * {@link ValueLayout#JAVA_LONG} layout applies and each access is single-copy atomic. Callers
 * check an offset that comes from shared memory for bounds and alignment before using it here.
 */
public final class Words {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private Words() {
    }

    /** Plain load: for words that never change after publication (R13). */
    public static long get(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_LONG, offset);
    }

    /** Plain store: for words that no reader can see until a later release store publishes them. */
    public static void set(MemorySegment segment, long offset, long value) {
        segment.set(ValueLayout.JAVA_LONG, offset, value);
    }

    /** Acquire load: sees every store made before the release store that wrote the value. */
    public static long getAcquire(MemorySegment segment, long offset) {
        return (long) LONG.getAcquire(segment, offset);
    }

    /** Release store: publishes every earlier store to a reader that acquires this value. */
    public static void setRelease(MemorySegment segment, long offset, long value) {
        LONG.setRelease(segment, offset, value);
    }

    /**
     * Volatile store: as a release store, and ordered before every later volatile access. One side
     * of a handshake in which each party stores, then loads what the other stored (the reader
     * presence): at least one of them sees the other's store.
     */
    public static void setVolatile(MemorySegment segment, long offset, long value) {
        LONG.setVolatile(segment, offset, value);
    }

    /** Volatile load: the other side of {@link #setVolatile}. */
    public static long getVolatile(MemorySegment segment, long offset) {
        return (long) LONG.getVolatile(segment, offset);
    }

    /** Atomic compare-and-set with volatile semantics. */
    public static boolean compareAndSet(MemorySegment segment, long offset, long expected, long value) {
        return LONG.compareAndSet(segment, offset, expected, value);
    }

    /** {@return {@code value} rounded up to a multiple of {@code alignment}, a power of two} */
    public static long align(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** {@return whether {@code value} is a multiple of {@code alignment}, a power of two} */
    public static boolean isAligned(long value, long alignment) {
        return (value & (alignment - 1)) == 0;
    }
}
