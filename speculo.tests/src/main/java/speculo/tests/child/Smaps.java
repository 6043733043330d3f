package speculo.tests.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads this process's {@code /proc/self/smaps}: what the kernel says about one mapping of a file. */
public final class Smaps {

    private Smaps() {
    }

    /**
     * {@return a field of this process's writable or read-only mapping of {@code path}, in KiB}
     *
     * @param field the field with its colon, e.g. {@code Rss:} or {@code ShmemPmdMapped:}
     * @throws IllegalStateException if there is no such mapping
     */
    public static long kib(String path, boolean writable, String field) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        for (int i = 0; i < lines.size(); i++) {
            String[] header = lines.get(i).split("\\s+");
            if (header.length == 6 && header[5].equals(path) && (header[1].charAt(1) == 'w') == writable) {
                for (int j = i + 1; j < lines.size() && !lines.get(j).split("\\s+")[0].contains("-"); j++) {
                    if (lines.get(j).startsWith(field)) {
                        return Long.parseLong(lines.get(j).replaceAll("[^0-9]", ""));
                    }
                }
            }
        }
        throw new IllegalStateException("no " + (writable ? "writable" : "read-only") + " mapping of " + path + " with " + field);
    }
}
