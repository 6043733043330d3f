/**
 * Backend {@code file}: areas as plain files in a private per-user directory (R2), mapped with
 * {@link java.nio.channels.FileChannel#map(java.nio.channels.FileChannel.MapMode, long, long, java.lang.foreign.Arena)}.
 */
module speculo.backend.file {
    requires speculo.api;
    requires transitive speculo.core;

    exports speculo.backend.file;

    provides speculo.api.Backend with speculo.backend.file.FileBackend;
}
