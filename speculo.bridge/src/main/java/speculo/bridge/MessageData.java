package speculo.bridge;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;

/**
 * Views a chunk's bytes in a received message as a {@link MemorySegment}, for the mirror's writer
 * to copy from: where Aeron's buffer is a {@link ByteBuffer} (its log buffers) or an array (a
 * message it reassembled from fragments), in place; otherwise through a copy of its own.
 */
final class MessageData {

    /** The last buffer viewed whole, and its segment: Aeron passes the same few term buffers again and again. */
    private ByteBuffer viewed;
    private MemorySegment viewedSegment;
    private byte[] scratch = new byte[0];

    /** {@return the {@code size} bytes at {@code index} of {@code buffer}, valid until the next call} */
    MemorySegment of(DirectBuffer buffer, int index, int size) {
        byte[] array = buffer.byteArray();
        if (array != null) {
            return MemorySegment.ofArray(array).asSlice(buffer.wrapAdjustment() + index, size);
        }
        ByteBuffer whole = buffer.byteBuffer();
        if (whole != null) {
            if (whole != viewed) {
                viewedSegment = MemorySegment.ofBuffer(whole.duplicate().clear()); // indexes from 0, as the buffer's own
                viewed = whole;
            }
            return viewedSegment.asSlice(buffer.wrapAdjustment() + index, size);
        }
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        buffer.getBytes(index, scratch, 0, size);
        return MemorySegment.ofArray(scratch).asSlice(0, size);
    }
}
