package speculo.core.admin;

import java.util.List;

/**
 * What removing an area did.
 *
 * @param area    the area
 * @param removed the names of the objects unlinked, control object last; empty if the area did not exist
 * @param skipped the names under the area's name that were left alone because they are not the area's
 *                objects (a FIFO, a foreign file), each with the reason
 */
public record Removal(String area, List<String> removed, List<Skipped> skipped) {

    /**
     * A name left alone.
     *
     * @param object the object's name
     * @param reason why it was not removed
     */
    public record Skipped(String object, String reason) {
    }

    /** Copies the lists. */
    public Removal {
        removed = List.copyOf(removed);
        skipped = List.copyOf(skipped);
    }

    /** {@return whether anything of the area was removed} */
    public boolean existed() {
        return !removed.isEmpty();
    }
}
