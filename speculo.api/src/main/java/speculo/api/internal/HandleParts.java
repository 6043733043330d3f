package speculo.api.internal;

import speculo.api.ChunkHandle;

/**
 * The fields of a {@link ChunkHandle}, for the engine that makes and follows handles: the API
 * keeps them out of sight, so that the handle's layout stays the format's, not the API's.
 * {@code ChunkHandle} hands its accessor over when it is initialized (the JDK's "shared secrets"
 * pattern).
 */
public final class HandleParts {

    /** What {@link ChunkHandle} lets the engine do. */
    public interface Access {
        /**
         * {@return a handle with these fields}
         *
         * @param areaTag    the area's tag
         * @param generation the generation the record is in
         * @param offset     the record's offset in it
         * @param id         the chunk's id
         * @throws IllegalArgumentException if a field is out of range
         */
        ChunkHandle of(int areaTag, long generation, long offset, long id);

        /**
         * {@return the area tag of {@code handle}}
         *
         * @param handle the handle
         */
        int areaTag(ChunkHandle handle);

        /**
         * {@return the generation of {@code handle}}
         *
         * @param handle the handle
         */
        long generation(ChunkHandle handle);

        /**
         * {@return the record offset of {@code handle}}
         *
         * @param handle the handle
         */
        long offset(ChunkHandle handle);
    }

    private static volatile Access access;

    private HandleParts() {
    }

    /**
     * Called once, by {@link ChunkHandle}'s initialization.
     *
     * @param given the accessor
     * @throws IllegalStateException if an accessor was registered already
     */
    public static void register(Access given) {
        if (access != null) {
            throw new IllegalStateException("ChunkHandle's accessor is registered already");
        }
        access = given;
    }

    /** {@return the accessor of handles' fields} */
    public static Access access() {
        Access current = access;
        if (current == null) {
            try {
                Class.forName(ChunkHandle.class.getName(), true, ChunkHandle.class.getClassLoader()); // runs its registration
            } catch (ClassNotFoundException impossible) {
                throw new IllegalStateException(impossible);
            }
            current = access;
        }
        return current;
    }
}
