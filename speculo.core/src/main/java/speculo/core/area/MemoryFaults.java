package speculo.core.area;

import speculo.api.CorruptAreaException;

/**
 * Turns the JVM's report of a fault in mapped memory into a precise exception.
 *
 * <p>When another process truncates a shared object that this process has mapped, touching the
 * lost pages raises SIGBUS. HotSpot catches it for memory-segment accesses and throws
 * {@code InternalError("a fault occurred in an unsafe memory access operation")} instead of
 * crashing. The reader and writer catch that error at their entry points and throw
 * {@link CorruptAreaException} naming the area and object; any other {@link InternalError} is
 * rethrown unchanged.
 */
public final class MemoryFaults {

    private static final String FAULT = "unsafe memory access";

    private MemoryFaults() {
    }

    /**
     * @param error  the error caught around an access to {@code object}
     * @param area   the area
     * @param object the mapped object that was being accessed
     * @return the exception to throw
     */
    public static RuntimeException translate(InternalError error, String area, String object) {
        if (error.getMessage() == null || !error.getMessage().contains(FAULT)) {
            throw error;
        }
        return new CorruptAreaException(area, object, -1,
                "the mapped object lost memory under this process (truncated by another process?)", error);
    }
}
