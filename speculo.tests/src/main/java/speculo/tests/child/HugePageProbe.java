package speculo.tests.child;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process for the huge-page test, run where {@code /dev/shm} is a tmpfs mounted
 * {@code huge=advise}: writes 16 MiB in 64 KiB chunks to an {@code shm} area, reads them back
 * through a reader in this process, and prints how much of the writer's ({@code rw}) and the
 * reader's ({@code r-}) mapping of the data object the kernel maps with 2 MiB pages, from
 * {@code /proc/self/smaps}: {@code HUGE writer=<KiB> reader=<KiB>}. Prints
 * {@code DAMAGED ...} instead if a chunk did not read back as written.
 */
public final class HugePageProbe {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 256;

    private HugePageProbe() {
    }

    public static void main(String[] args) throws IOException {
        Backend shm = Speculo.backend("shm");
        String area = "huge-" + ProcessHandle.current().pid();
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withInitialCapacity(32 << 20));
             Reader reader = shm.reader(area, ReaderOptions.defaults())) {
            for (int i = 0; i < CHUNKS; i++) {
                byte[] bytes = new byte[CHUNK];
                Arrays.fill(bytes, (byte) i);
                writer.write(bytes);
            }
            int[] read = {0};
            boolean[] damaged = {false};
            while (reader.poll(chunk -> {
                byte expected = (byte) read[0]++;
                damaged[0] |= chunk.size() != CHUNK || chunk.data().get(ValueLayout.JAVA_BYTE, 0) != expected
                        || chunk.data().get(ValueLayout.JAVA_BYTE, CHUNK - 1) != expected;
            }, 64) > 0) {
                // until the stream is read
            }
            if (damaged[0] || read[0] != CHUNKS) {
                System.out.println("DAMAGED: " + read[0] + " chunks read, " + (damaged[0] ? "some" : "none") + " wrong");
                return;
            }
            String object;
            try (var names = java.nio.file.Files.list(java.nio.file.Path.of("/dev/shm"))) {
                // Generation 0's name has a random salt: look it up.
                object = names.map(java.nio.file.Path::toString).filter(n -> n.startsWith("/dev/shm/speculo." + area + ".0."))
                        .findFirst().orElseThrow();
            }
            System.out.println("HUGE writer=" + Smaps.kib(object, true, "ShmemPmdMapped:") + " reader="
                    + Smaps.kib(object, false, "ShmemPmdMapped:"));
        } finally {
            shm.remove(area);
        }
    }
}
