package speculo.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import speculo.api.internal.HandleParts;
import speculo.api.internal.Printable;

/**
 * A small value naming one logical chunk of an area, to keep or to send to another process over
 * any IPC (socket, D-Bus, HTTP...). {@link Reader#read(ChunkHandle)} resolves it to the newest
 * copy of the chunk, following {@link Writer#replace replacements} and garbage collections.
 *
 * <p>It has a stable text form, {@link #toString()} / {@link #parse(CharSequence)}:
 * {@code <area tag, 8 hex digits>.<generation>.<offset>.<id>}, for example
 * {@code 5f3a09c1.3.4160.17}; and a stable binary form of {@value #BYTES} bytes, big-endian,
 * in the same field order ({@link #toBytes()} / {@link #fromBytes(byte[])}).
 *
 * <p>A handle that arrives from another process is untrusted input: readers check it against
 * the area before following it, and a forged or foreign handle gives an
 * {@link IllegalArgumentException}, never someone else's bytes. The one area that takes another's
 * handles is its {@linkplain WriterOptions#asMirror mirror}, which resolves them by id.
 *
 * <p>A handle is an opaque value: equal handles name the same copy of a chunk, and
 * {@link #id()} tells which chunk it is. What the fields between the dots mean is the area's
 * format (docs/FORMAT.md), not API: applications make handles only by writing chunks or by
 * parsing and reading the forms above.
 */
public final class ChunkHandle {

    /** Size of the binary form in bytes. */
    public static final int BYTES = Integer.BYTES + 3 * Long.BYTES;

    static {
        HandleParts.register(new HandleParts.Access() {
            @Override
            public ChunkHandle of(int areaTag, long generation, long offset, long id) {
                return new ChunkHandle(areaTag, generation, offset, id);
            }

            @Override
            public int areaTag(ChunkHandle handle) {
                return handle.areaTag;
            }

            @Override
            public long generation(ChunkHandle handle) {
                return handle.generation;
            }

            @Override
            public long offset(ChunkHandle handle) {
                return handle.offset;
            }
        });
    }

    /** A random tag the area got at creation; tells handles of different areas apart. */
    private final int areaTag;
    /** The generation (shared data object) the chunk was in when the handle was made. */
    private final long generation;
    /** The chunk's record offset within that generation. */
    private final long offset;
    /** The chunk's logical identity, kept across replacements; positive. */
    private final long id;

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code generation} or {@code offset} is negative or
     *                                  {@code id} is not positive
     */
    private ChunkHandle(int areaTag, long generation, long offset, long id) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative: " + generation);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive: " + id);
        }
        this.areaTag = areaTag;
        this.generation = generation;
        this.offset = offset;
        this.id = id;
    }

    /**
     * {@return the chunk's identity} Every copy of a chunk, from its first write through each
     * {@link Writer#replace replacement}, has the same id, and no other chunk of the area has it:
     * two handles name the same chunk exactly when their ids are equal (and they are of the same
     * area). It is the sequence number of the chunk's first copy; in a
     * {@linkplain WriterOptions#asMirror mirror}, the id of the source chunk it copies.
     */
    public long id() {
        return id;
    }

    /** {@return whether {@code other} is a handle of the same copy of the same chunk} */
    @Override
    public boolean equals(Object other) {
        return other instanceof ChunkHandle that && areaTag == that.areaTag && generation == that.generation
                && offset == that.offset && id == that.id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(offset) * 17 + Long.hashCode(generation) + areaTag;
    }

    /**
     * Parses the text form produced by {@link #toString()}.
     *
     * @param text the text form
     * @return the handle
     * @throws IllegalArgumentException if {@code text} is not a handle's text form
     * @throws NullPointerException     if {@code text} is null
     */
    public static ChunkHandle parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        String s = text.toString();
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4 || parts[0].length() != 8) {
            throw new IllegalArgumentException("not a chunk handle (expected tag.generation.offset.id): '"
                    + Printable.quote(s) + "'");
        }
        try {
            int tag = Integer.parseUnsignedInt(ascii(parts[0], true), 16);
            return new ChunkHandle(tag, parseDecimal(parts[1]), parseDecimal(parts[2]), parseDecimal(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a chunk handle (bad number): '" + Printable.quote(s) + "'", e);
        }
    }

    /**
     * Reads the binary form produced by {@link #toBytes()}.
     *
     * @param bytes exactly {@value #BYTES} bytes
     * @return the handle
     * @throws IllegalArgumentException if the length is wrong or a field is out of range
     */
    public static ChunkHandle fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a chunk handle is " + BYTES + " bytes, got " + bytes.length);
        }
        return readFrom(ByteBuffer.wrap(bytes));
    }

    /**
     * Reads the binary form at the buffer's position and advances it by {@value #BYTES}.
     *
     * @param buffer the source; its byte order is ignored (the form is big-endian)
     * @return the handle
     * @throws IllegalArgumentException if fewer than {@value #BYTES} bytes remain or a field is out of range
     */
    public static ChunkHandle readFrom(ByteBuffer buffer) {
        if (buffer.remaining() < BYTES) {
            throw new IllegalArgumentException("a chunk handle needs " + BYTES + " bytes, " + buffer.remaining() + " remain");
        }
        ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        ChunkHandle handle = new ChunkHandle(b.getInt(), b.getLong(), b.getLong(), b.getLong());
        buffer.position(buffer.position() + BYTES);
        return handle;
    }

    /** {@return the binary form, {@value #BYTES} bytes} */
    public byte[] toBytes() {
        byte[] bytes = new byte[BYTES];
        writeTo(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /**
     * Writes the binary form at the buffer's position and advances it by {@value #BYTES}.
     *
     * @param buffer the destination; its byte order is ignored (the form is big-endian)
     * @throws java.nio.BufferOverflowException if fewer than {@value #BYTES} bytes remain
     */
    public void writeTo(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        b.putInt(areaTag).putLong(generation).putLong(offset).putLong(id);
        buffer.position(buffer.position() + BYTES);
    }

    /** {@return the text form, {@code <area tag, 8 hex digits>.<generation>.<offset>.<id>}} */
    @Override
    public String toString() {
        return String.format("%08x.%d.%d.%d", areaTag, generation, offset, id);
    }

    private static long parseDecimal(String digits) {
        return Long.parseLong(ascii(digits, false));
    }

    /**
     * {@return {@code digits}, checked to be ASCII digits only} The JDK's parsers also take other
     * scripts' digits ({@code "\u0661"} is 1) and a sign; the text form has neither.
     */
    private static String ascii(String digits, boolean hex) {
        if (digits.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean ok = c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                throw new NumberFormatException("not an ASCII " + (hex ? "hexadecimal" : "decimal") + " digit at " + i);
            }
        }
        return digits;
    }
}
