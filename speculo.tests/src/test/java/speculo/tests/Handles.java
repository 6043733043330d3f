package speculo.tests;

import speculo.api.ChunkHandle;
import speculo.api.internal.HandleParts;

/** The fields of chunk handles, for tests that take handles apart or forge them (not API). */
final class Handles {

    private Handles() {
    }

    static ChunkHandle of(int areaTag, long generation, long offset, long id) {
        return HandleParts.access().of(areaTag, generation, offset, id);
    }

    static int areaTag(ChunkHandle handle) {
        return HandleParts.access().areaTag(handle);
    }

    static long generation(ChunkHandle handle) {
        return HandleParts.access().generation(handle);
    }

    static long offset(ChunkHandle handle) {
        return HandleParts.access().offset(handle);
    }
}
