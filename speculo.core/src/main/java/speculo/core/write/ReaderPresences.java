package speculo.core.write;

import static speculo.core.layout.PresenceDescriptor.*;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.NoSuchFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import speculo.core.area.AreaNames;
import speculo.core.area.Liveness;
import speculo.core.area.Ownership;
import speculo.core.layout.ControlDescriptor;
import speculo.core.spi.NotAnObjectException;
import speculo.core.spi.ObjectStore;

/**
 * The writer's view of its readers' presence objects ({@link speculo.core.layout.PresenceDescriptor}):
 * which generations some reader may still touch, so that {@link RecycledObjects} reuses only the
 * others.
 *
 * <p>{@link #scan} is the writer's half of the handshake: it runs after the switch that retired
 * the generations in question, behind a full fence, and then lists and reads every presence. A
 * reader stores its next generation, then reads the current one again; so either this scan sees
 * the announcement, or the reader sees the switch and does not map the retired generation.
 *
 * <p>Presences are read with plain reads ({@link ObjectStore#readStart}), never mapped: their
 * owners may cut them short at any time, and a mapping would then fault in the writer. Whatever
 * it cannot judge pins everything: a presence it may not read, more presences than
 * {@link #MAX_PRESENCES}. A hostile process can
 * so keep the writer from recycling, never make it recycle what a reader is on. A presence without
 * magic announces nothing yet; one whose reader is dead pins nothing and is removed when this user
 * owns it.
 *
 * <p>Only the writer's thread uses this.
 */
public final class ReaderPresences {

    /** More presence objects than this is no reader population but an attack or a leak: pin everything. */
    public static final int MAX_PRESENCES = 1024;

    private static final System.Logger LOG = System.getLogger("speculo");

    private final String area;
    private final ObjectStore store;

    /**
     * @param area  the area whose readers' presences to read
     * @param store where they are
     */
    public ReaderPresences(String area, ObjectStore store) {
        this.area = area;
        this.store = store;
    }

    /** What a scan found: the generations some reader may touch, or everything. */
    public static final class Pins {
        private static final Pins ALL = new Pins(null);
        private final long[] generations;

        private Pins(long[] generations) {
            this.generations = generations;
        }

        /** {@return whether some reader may touch {@code generation}} */
        public boolean pins(long generation) {
            if (generations == null) {
                return true;
            }
            for (long pinned : generations) {
                if (pinned == generation) {
                    return true;
                }
            }
            return false;
        }

        /** {@return whether everything is pinned: a presence could not be judged} */
        public boolean all() {
            return generations == null;
        }
    }

    /**
     * Reads every presence: the writer's half of the handshake. The caller switched away from the
     * generations it asks about before.
     *
     * @return the generations some reader may touch
     */
    public Pins scan() {
        VarHandle.fullFence(); // the switch before every read of a presence
        List<String> names = new ArrayList<>();
        try {
            for (String name : store.list()) {
                if (AreaNames.isPresence(area, name)) {
                    names.add(name);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Pins.ALL;
        }
        if (names.size() > MAX_PRESENCES) {
            return Pins.ALL;
        }
        long[] pinned = new long[2 * names.size()];
        int count = 0;
        for (String name : names) {
            ByteBuffer presence;
            try {
                presence = ByteBuffer.wrap(store.readStart(name, LENGTH)).order(ByteOrder.nativeOrder());
            } catch (NoSuchFileException | NotAnObjectException nothingToRead) {
                continue; // gone, or a FIFO or the like: no reader announces through it
            } catch (IOException unreadable) {
                return Pins.ALL;
            }
            if (presence.limit() < LENGTH || presence.getLong(MAGIC_OFFSET) != MAGIC
                    || presence.getLong(VERSION_OFFSET) != ControlDescriptor.FORMAT_VERSION) {
                continue; // announces nothing yet (being created), or is no reader of this format's
            }
            Liveness reader = Ownership.judge(presence.getLong(READER_OFFSET), presence.getLong(READER_NAMESPACE_OFFSET));
            if (reader == Liveness.DEAD || reader == Liveness.NONE) {
                removeDead(name);
                continue;
            }
            pinned[count++] = presence.getLong(HELD_OFFSET);
            pinned[count++] = presence.getLong(NEXT_OFFSET);
        }
        return new Pins(Arrays.copyOf(pinned, count));
    }

    /** Removes the presence of a reader that died, where this user may; it pins nothing either way. */
    private void removeDead(String name) {
        try {
            if (store.ownedByThisUser(name)) {
                store.unlink(name);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "area ''{0}'': could not remove dead reader''s presence ''{1}'': {2}",
                    area, name, e.toString());
        }
    }
}
