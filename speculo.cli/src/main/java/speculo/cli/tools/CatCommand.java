package speculo.cli.tools;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.cli.BackendOption;
import speculo.cli.Json;

/** {@code speculo cat AREA}: prints an area's chunks, or one block, or follows the stream. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Prints the live chunks of an area, oldest first; with --follow, keeps printing new ones",
                "until the writer closes the area (like tail -f); with --handle, prints the newest copy of one block."})
public final class CatCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { text, hex, json }

    @Parameters(paramLabel = "AREA", description = "The area's name.")
    String area;

    @Mixin
    BackendOption backendOption;

    @Option(names = {"-f", "--format"}, defaultValue = "text",
            description = "text (data as UTF-8, one chunk per line), hex (a dump), json (one object per line, data in base64). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--follow", description = "Keep reading new chunks until the writer closes the area.")
    boolean follow;

    @Option(names = "--handle", paramLabel = "HANDLE", description = "Print the newest copy of the chunk with this handle only.")
    String handle;

    @Option(names = "--owner", paramLabel = "USER", description = "Refuse the area unless it belongs to this user.")
    String owner;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReaderOptions options = owner == null ? ReaderOptions.defaults() : ReaderOptions.defaults().withExpectedOwner(owner);
        try (Reader reader = backendOption.backend().reader(area, options)) {
            if (handle != null) {
                Optional<Chunk> chunk = reader.read(ChunkHandle.parse(handle));
                if (chunk.isEmpty()) {
                    spec.commandLine().getErr().println("speculo cat: chunk " + handle + " of area '" + area
                            + "' has expired or was removed");
                    return 1;
                }
                print(out, chunk.get());
                out.flush();
                return 0;
            }
            int idle = 0;
            while (true) {
                int n = reader.poll(chunk -> print(out, chunk), 256);
                out.flush();
                if (n > 0) {
                    idle = 0;
                    continue;
                }
                if (!follow || reader.isEndOfStream()) {
                    return 0;
                }
                LockSupport.parkNanos(++idle < 100 ? 50_000 : 5_000_000);
            }
        }
    }

    /** Replaces control characters (but tabs) so a chunk stays on one line and cannot drive the terminal. */
    private static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) && c != '\t' ? '?' : c));
        return s.toString();
    }

    private void print(PrintWriter out, Chunk chunk) {
        MemorySegment data = chunk.data();
        switch (format) {
            case text -> out.println(printable(new String(chunk.toByteArray(), StandardCharsets.UTF_8)));
            case hex -> {
                out.printf("# sequence %d, id %d, %d bytes, handle %s%n", chunk.sequence(), chunk.id(), chunk.size(), chunk.handle());
                for (long line = 0; line < data.byteSize(); line += 16) {
                    StringBuilder hex = new StringBuilder();
                    StringBuilder ascii = new StringBuilder();
                    for (long i = line; i < Math.min(line + 16, data.byteSize()); i++) {
                        int b = data.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                        hex.append(String.format("%02x ", b));
                        ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                    }
                    out.printf("%08x  %-48s |%s|%n", line, hex, ascii);
                }
            }
            case json -> out.println(new Json().put("sequence", chunk.sequence()).put("id", chunk.id())
                    .put("handle", chunk.handle().toString()).put("size", chunk.size())
                    .put("expiresAt", chunk.expiresAtMillis() == Long.MAX_VALUE ? null : chunk.expiresAt().toString())
                    .put("data", Base64.getEncoder().encodeToString(chunk.toByteArray())));
        }
    }
}
