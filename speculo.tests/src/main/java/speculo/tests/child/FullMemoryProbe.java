package speculo.tests.child;

import java.util.ArrayList;
import java.util.List;
import speculo.api.AreaIOException;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process for the full-memory test, run where {@code /dev/shm} is a tiny tmpfs: writes
 * 20,000-byte chunks to an {@code shm} area until the system has no room, then checks that what
 * was written is intact and that writing resumes once the live data shrinks. Prints
 * {@code FULL <message>}, {@code INTACT <chunks>}, {@code RESUMED}; any other ending (a SIGBUS
 * crash above all) is a failure.
 */
public final class FullMemoryProbe {

    private FullMemoryProbe() {
    }

    public static void main(String[] args) {
        Backend shm = Speculo.backend("shm");
        String area = "full-" + ProcessHandle.current().pid();
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(128 * 1024).withMaxCapacity(64 << 20));
             Reader reader = shm.reader(area, ReaderOptions.defaults())) {
            List<ChunkHandle> written = new ArrayList<>();
            AreaIOException full = null;
            for (int i = 0; i < 1000 && full == null; i++) {
                try {
                    written.add(writer.write(filled(i)));
                } catch (AreaIOException e) {
                    full = e;
                }
            }
            System.out.println(full == null ? "NOT FULL after " + written.size() + " chunks" : "FULL " + full.getMessage());
            for (int i = 0; i < written.size(); i++) {
                byte[] bytes = reader.read(written.get(i)).orElseThrow().toByteArray();
                if (bytes.length != 20_000 || bytes[0] != (byte) i || bytes[19_999] != (byte) i) {
                    System.out.println("DAMAGED chunk " + i);
                    return;
                }
            }
            System.out.println("INTACT " + written.size());
            for (ChunkHandle handle : written.subList(2, written.size())) {
                writer.remove(handle);
            }
            writer.write(filled(7));
            System.out.println("RESUMED");
        } finally {
            shm.remove(area);
        }
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[20_000];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
