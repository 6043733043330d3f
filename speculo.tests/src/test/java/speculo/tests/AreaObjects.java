package speculo.tests;

import java.io.IOException;
import java.nio.file.Path;
import speculo.api.Backend;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;

/** Where a backend keeps an object, as a path, for tests that plant, truncate or inspect objects from outside. */
final class AreaObjects {

    private AreaObjects() {
    }

    /** {@return the path of an object of {@code backend}: {@code /dev/shm/speculo.NAME} or {@code DIR/NAME}} */
    static Path path(Backend backend, String object) {
        String location = ((StoreBackend) backend).store().location();
        if (location.startsWith("shm:")) {
            return Path.of("/dev/shm", "speculo." + object);
        }
        if (location.startsWith("file:")) {
            return Path.of(location.substring("file:".length()), object);
        }
        throw new IllegalStateException("unknown location " + location);
    }

    /**
     * {@return the name of the data object that holds a generation of an area, found by listing the
     * backend's objects and reading their headers} Its salt is random: nobody can know the name
     * before the writer records it.
     */
    static String dataObject(Backend backend, String area, long generation) {
        try {
            // Read with plain file reads, not mapped: a test that counts mappings must not see this look-up's.
            for (String name : ((StoreBackend) backend).store().list()) {
                if (AreaNames.slotOf(area, name) >= 0 && generationIn(path(backend, name)) == generation) {
                    return name;
                }
            }
            throw new AssertionError("no data object of generation " + generation + " of " + area);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@return the generation word of a data object's header, -1 if it is gone, too short, or has
     * no header yet (a standby the writer prepared, still zero-filled)}
     */
    static long generationIn(Path object) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(object)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(3 * Long.BYTES).order(java.nio.ByteOrder.nativeOrder());
            return channel.read(header, 0) == header.capacity()
                    && header.getLong(speculo.core.layout.DataDescriptor.MAGIC_OFFSET) == speculo.core.layout.DataDescriptor.MAGIC
                    ? header.getLong(speculo.core.layout.DataDescriptor.GENERATION_OFFSET) : -1;
        } catch (java.nio.file.NoSuchFileException gone) {
            return -1;
        }
    }

    /** {@return an object name without a data object's salt: {@code NAME.3.0a1b2c3d4e5f} becomes {@code NAME.3}} */
    static String unsalted(String name) {
        return name.replaceFirst("\\.[0-9a-f]{12}$", "");
    }

    /** Makes a FIFO (mode 0666, as another user could) at {@code path} with {@code mkfifo}. */
    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "666", path.toString()).redirectErrorStream(true).start();
        String output = new String(mkfifo.getInputStream().readAllBytes());
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " failed: " + output);
        }
    }
}
