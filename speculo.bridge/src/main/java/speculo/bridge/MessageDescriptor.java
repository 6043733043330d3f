package speculo.bridge;

/**
 * Layout of the messages between a {@link BridgeSender} and its {@link BridgeReceiver}s: one Aeron
 * message each (Aeron fragments and reassembles the long ones), little-endian. Every message
 * starts with a header; a {@link #CHANGES} message then carries records, one per change.
 *
 * <p>Message header, {@value #HEADER_LENGTH} bytes:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                           Type                                |  0
 *  +---------------------------------------------------------------+
 *  |                           Version                             |  4
 *  +---------------------------------------------------------------+
 *  |                           Epoch                               |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Sent at (epoch ms)                  | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Source area tag                     | 24
 *  +---------------------------------------------------------------+
 *  |                           (reserved, zero)                    | 28
 *  +---------------------------------------------------------------+
 *  |     Body ... (CHANGES: records; BEGIN: the source area's      | 32
 *  |     name, UTF-8; SNAPSHOT_END, RESYNC: empty)                 |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Record of a {@link #CHANGES} message, {@value #RECORD_HEADER_LENGTH} bytes and its data; each
 * record starts at a multiple of 8 bytes from the message's start (the data before it is padded),
 * and the message ends with the last record's data, unpadded:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                           Kind                                |  0
 *  +---------------------------------------------------------------+
 *  |                           Length                              |  4
 *  +---------------------------------------------------------------+
 *  |                           Sequence                            |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Id                                  | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Expires at (epoch ms)               | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Data ... (Length bytes)                      | 32
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>Type</b>: {@link #BEGIN}, {@link #CHANGES} and {@link #SNAPSHOT_END} from sender to
 *       receivers; {@link #RESYNC} from a receiver to the sender.</li>
 *   <li><b>Version</b>: {@link #VERSION}; a receiver drops messages of another.</li>
 *   <li><b>Epoch</b>: a random number the sender draws at each {@link #BEGIN}; every later message
 *       carries it, so that a receiver ignores what an earlier sync left in flight. In a
 *       {@link #RESYNC}, the epoch the receiver follows (0 if none).</li>
 *   <li><b>Sent at</b>: the sender's clock when it offered the message to Aeron, for receivers
 *       that re-base expiry on their own clock ({@link BridgeOptions#withRebasedExpiry}); a message
 *       offered again after back pressure is stamped again.</li>
 *   <li><b>Source area tag</b>: in a {@link #CHANGES} message, the tag of the source area, which
 *       its chunks' handles carry: the mirror takes the source's handles of the chunks it copies
 *       ({@link speculo.api.Writer#mirror}). 0 in the other types.</li>
 *   <li><b>Kind</b>: {@link #CHUNK} or {@link #REMOVAL}.</li>
 *   <li><b>Length</b>: the bytes of data that follow the record's header; 0 for a removal.</li>
 *   <li><b>Sequence</b>, <b>id</b>, <b>expires at</b>: the source record's
 *       ({@link speculo.api.Chunk#sequence()}, {@link speculo.api.Chunk#id()},
 *       {@link speculo.api.Chunk#expiresAtMillis()}, {@link Long#MAX_VALUE} for never); the mirror's
 *       copy keeps the id, and replaces the copy of that id it holds. A chunk whose expiry is at or
 *       before its message's sent-at time had expired when sent and carries no data: a receiver
 *       drops the older copy it replaces. Expires at is 0 in a removal.</li>
 * </ul>
 *
 * <p>A sender puts as many changes in one message as fit in one Aeron frame, so that small chunks
 * do not each pay for a message of their own; a chunk too large for that goes alone.
 */
public final class MessageDescriptor {

    /**
     * Sender: a sync starts; the chunks up to the next {@link #SNAPSHOT_END} are the whole live set.
     * Its body is the source area's name, which a receiver not told another mirrors it under.
     */
    public static final int BEGIN = 1;
    /** Sender: changes, one record each, in the source's stream order. */
    public static final int CHANGES = 2;
    /** Sender: the live set of this epoch's {@link #BEGIN} is complete; chunks not in it are gone. */
    public static final int SNAPSHOT_END = 4;
    /** Receiver: please start a new sync; sent on the control channel. */
    public static final int RESYNC = 5;

    /** Record kind: a chunk, new or the newer copy of the chunk of its id. */
    public static final int CHUNK = 1;
    /** Record kind: the chunk of the id was removed. */
    public static final int REMOVAL = 2;

    /**
     * The protocol version: 3 carries the source area's tag in the header; 2 batched changes in
     * {@link #CHANGES} messages; 1 sent one message per change.
     */
    public static final int VERSION = 3;

    /** Offset of the message type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the protocol version. */
    public static final int VERSION_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the epoch. */
    public static final int EPOCH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Offset of the sender's clock at sending, epoch ms. */
    public static final int SENT_AT_OFFSET = EPOCH_OFFSET + Long.BYTES;
    /** Offset of the source area's tag. */
    public static final int SOURCE_TAG_OFFSET = SENT_AT_OFFSET + Long.BYTES;
    /** Length of the message header; the body follows it. */
    public static final int HEADER_LENGTH = SOURCE_TAG_OFFSET + Long.BYTES;

    /** Offset of a record's kind, from the record's start. */
    public static final int KIND_OFFSET = 0;
    /** Offset of a record's data length. */
    public static final int LENGTH_OFFSET = KIND_OFFSET + Integer.BYTES;
    /** Offset of the source sequence number. */
    public static final int SEQUENCE_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the chunk id. */
    public static final int ID_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Offset of the expiry, epoch ms on the source's clock; {@link Long#MAX_VALUE} for never. */
    public static final int EXPIRES_AT_OFFSET = ID_OFFSET + Long.BYTES;
    /** Length of a record's header; its data follows it. */
    public static final int RECORD_HEADER_LENGTH = EXPIRES_AT_OFFSET + Long.BYTES;
    /** Records start at multiples of this, from the message's start. */
    public static final int RECORD_ALIGNMENT = Long.BYTES;

    private MessageDescriptor() {
    }

    /** {@return the offset after a record of {@code length} data bytes at {@code offset}, padded to the next record} */
    static int nextRecord(int offset, int length) {
        return (offset + RECORD_HEADER_LENGTH + length + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }
}
