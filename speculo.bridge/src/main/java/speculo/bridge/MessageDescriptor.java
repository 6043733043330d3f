package speculo.bridge;

/**
 * Layout of the messages between a {@link BridgeSender} and its {@link BridgeReceiver}s: one Aeron
 * message each (Aeron fragments and reassembles the long ones), little-endian.
 *
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
 *  |                           Sequence                            | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Id                                  | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Expires at (epoch ms)               | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           Sent at (epoch ms)                  | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Data ... (CHUNK: the chunk's; BEGIN: the       | 48
 *  |                  source area's name, UTF-8)                   |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>Type</b>: {@link #BEGIN}, {@link #CHUNK}, {@link #REMOVAL} and {@link #SNAPSHOT_END}
 *       from sender to receivers; {@link #RESYNC} from a receiver to the sender.</li>
 *   <li><b>Version</b>: {@link #VERSION}; a receiver drops messages of another.</li>
 *   <li><b>Epoch</b>: a random number the sender draws at each {@link #BEGIN}; every later message
 *       carries it, so that a receiver ignores what an earlier sync left in flight. In a
 *       {@link #RESYNC}, the epoch the receiver follows (0 if none).</li>
 *   <li><b>Sequence</b>, <b>id</b>, <b>expires at</b>: the source record's
 *       ({@link speculo.api.Chunk#sequence()}, {@link speculo.api.Chunk#id()},
 *       {@link speculo.api.Chunk#expiresAtMillis()}); a chunk whose id is below its sequence
 *       replaces the chunk of that id. A chunk whose expiry is at or before its sent-at time had
 *       expired when sent and carries no data: a receiver drops the older copy it replaces. Zero
 *       where they do not apply.</li>
 *   <li><b>Sent at</b>: the sender's clock when it sent the message, for receivers that re-base
 *       expiry on their own clock ({@link BridgeOptions#withRebasedExpiry}).</li>
 * </ul>
 */
public final class MessageDescriptor {

    /**
     * Sender: a sync starts; the chunks up to the next {@link #SNAPSHOT_END} are the whole live set.
     * Its data is the source area's name, which a receiver not told another mirrors it under.
     */
    public static final int BEGIN = 1;
    /** Sender: a chunk, new or the newer copy of the chunk of its id. */
    public static final int CHUNK = 2;
    /** Sender: the chunk of the id was removed. */
    public static final int REMOVAL = 3;
    /** Sender: the live set of this epoch's {@link #BEGIN} is complete; chunks not in it are gone. */
    public static final int SNAPSHOT_END = 4;
    /** Receiver: please start a new sync; sent on the control channel. */
    public static final int RESYNC = 5;

    /** The protocol version. */
    public static final int VERSION = 1;

    /** Offset of the message type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the protocol version. */
    public static final int VERSION_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the epoch. */
    public static final int EPOCH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    /** Offset of the source sequence number. */
    public static final int SEQUENCE_OFFSET = EPOCH_OFFSET + Long.BYTES;
    /** Offset of the chunk id. */
    public static final int ID_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    /** Offset of the expiry, epoch ms on the source's clock; {@link Long#MAX_VALUE} for never. */
    public static final int EXPIRES_AT_OFFSET = ID_OFFSET + Long.BYTES;
    /** Offset of the sender's clock at sending, epoch ms. */
    public static final int SENT_AT_OFFSET = EXPIRES_AT_OFFSET + Long.BYTES;
    /** Length of the header; a chunk's data, or a {@link #BEGIN}'s area name, follows it. */
    public static final int HEADER_LENGTH = SENT_AT_OFFSET + Long.BYTES;

    private MessageDescriptor() {
    }
}
