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
     * {@return the name of an area's data object of a generation, found by listing the backend's
     * objects} Its salt is random: nobody can know the name before the writer records it.
     */
    static String dataObject(Backend backend, String area, long generation) {
        try {
            return ((StoreBackend) backend).store().list().stream()
                    .filter(name -> AreaNames.generationOf(area, name) == generation).findFirst()
                    .orElseThrow(() -> new AssertionError("no data object of generation " + generation + " of " + area));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
