package speculo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's minor page faults so far, from {@code /proc/self/stat}: what a role reports for
 * its measured part, to tell a run that paid for new pages or new mappings from one that did not
 * (on the benchmark VM a first touch of a page costs ~11 µs). -1 where there is no {@code /proc}.
 */
public final class MinorFaults {

    private MinorFaults() {
    }

    public static long sinceStart() {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return -1;
        }
        try {
            String line = Files.readString(stat);
            // Fields after the command name, which is in parentheses and may hold spaces: minflt is field 10 of the line.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the faults since {@code before}, a value of {@link #sinceStart}, or -1 if unknown} */
    public static long since(long before) {
        long now = sinceStart();
        return before < 0 || now < 0 ? -1 : now - before;
    }
}
