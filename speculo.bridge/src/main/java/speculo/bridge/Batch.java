package speculo.bridge;

import static speculo.bridge.MessageDescriptor.*;

import io.aeron.Publication;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import speculo.api.Chunk;

/**
 * The {@link MessageDescriptor#CHANGES} message a {@link BridgeSender} fills: changes copied from
 * the area, as many as fit in one Aeron frame. A message that fits a frame is never fragmented, so
 * a receiver reads it where Aeron put it; and Aeron's cost per message is paid once for all of
 * them instead of once per change.
 */
final class Batch {

    private final byte[] bytes;
    private final MemorySegment segment;
    private final UnsafeBuffer buffer;
    /** Where the next record starts. */
    private int end = HEADER_LENGTH;
    /** The message's length: the end of its last record, unpadded; 0 when it holds none. */
    private int length;
    private int chunks;
    private int removals;

    /** A batch of at most {@code capacity} bytes, the message header included. */
    Batch(int capacity) {
        bytes = new byte[capacity];
        segment = MemorySegment.ofArray(bytes);
        buffer = new UnsafeBuffer(bytes);
    }

    /** {@return whether a record of {@code size} data bytes fits after those already in} */
    boolean fits(long size) {
        return size <= bytes.length - end - RECORD_HEADER_LENGTH;
    }

    /**
     * Adds a record; it must {@link #fits fit}. The first one also writes the message header.
     *
     * @param kind   {@link MessageDescriptor#CHUNK} or {@link MessageDescriptor#REMOVAL}
     * @param chunk  the change as the area's reader gave it
     * @param size   the data bytes to copy from it: its size, or 0 (a removal, or a copy that expired)
     * @param epoch  the sync's epoch
     * @param source the source area's tag
     */
    void add(int kind, Chunk chunk, long size, long epoch, int source) {
        if (length == 0) {
            writeHeader(buffer, CHANGES, epoch, 0, source); // stamped when offered
        }
        writeRecord(buffer, end, kind, chunk, (int) size);
        MemorySegment.copy(chunk.mapping(), chunk.dataOffset(), segment, end + RECORD_HEADER_LENGTH, size);
        length = end + RECORD_HEADER_LENGTH + (int) size;
        end = MessageDescriptor.nextRecord(end, (int) size);
        if (kind == REMOVAL) {
            removals++;
        } else {
            chunks++;
        }
    }

    /** {@return whether it holds records not sent yet} */
    boolean pending() {
        return length > 0;
    }

    /** {@return the chunks it holds} */
    int chunks() {
        return chunks;
    }

    /** {@return the removals it holds} */
    int removals() {
        return removals;
    }

    /**
     * {@return the result of offering the message to {@code publication}} It stays until
     * {@link #clear}; a message Aeron refused is offered again later, stamped then.
     *
     * @param sentAt the sender's clock now, epoch ms: a receiver that re-bases expiry counts from it
     */
    long offerTo(Publication publication, long sentAt) {
        buffer.putLong(SENT_AT_OFFSET, sentAt, ByteOrder.LITTLE_ENDIAN);
        return publication.offer(buffer, 0, length);
    }

    /** Empties it, after it went out or when its epoch ended. */
    void clear() {
        end = HEADER_LENGTH;
        length = 0;
        chunks = 0;
        removals = 0;
    }

    /** Writes a message header of {@code type} to the start of {@code to}; {@code source} is the source area's tag, or 0. */
    static void writeHeader(UnsafeBuffer to, int type, long epoch, long sentAt, int source) {
        to.putInt(TYPE_OFFSET, type, ByteOrder.LITTLE_ENDIAN);
        to.putInt(VERSION_OFFSET, VERSION, ByteOrder.LITTLE_ENDIAN);
        to.putLong(EPOCH_OFFSET, epoch, ByteOrder.LITTLE_ENDIAN);
        to.putLong(SENT_AT_OFFSET, sentAt, ByteOrder.LITTLE_ENDIAN);
        to.putLong(SOURCE_TAG_OFFSET, source & 0xFFFF_FFFFL, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the header of a record of {@code size} data bytes for {@code chunk} at {@code at}. */
    static void writeRecord(UnsafeBuffer to, int at, int kind, Chunk chunk, int size) {
        to.putInt(at + KIND_OFFSET, kind, ByteOrder.LITTLE_ENDIAN);
        to.putInt(at + LENGTH_OFFSET, size, ByteOrder.LITTLE_ENDIAN);
        to.putLong(at + SEQUENCE_OFFSET, chunk.sequence(), ByteOrder.LITTLE_ENDIAN);
        to.putLong(at + ID_OFFSET, chunk.id(), ByteOrder.LITTLE_ENDIAN);
        to.putLong(at + EXPIRES_AT_OFFSET, kind == REMOVAL ? 0 : chunk.expiresAtMillis(), ByteOrder.LITTLE_ENDIAN);
    }
}
