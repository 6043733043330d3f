package speculo.cli.tools;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
        description = {"Prints the live chunks of an area, oldest first.",
                "With --follow, keeps printing new ones until the writer closes the area (like tail -f); with --handle,"
                        + " prints the newest copy of one block. Without --backend, looks in every usable backend, as ls"
                        + " does. Any chunk size prints in bounded memory."})
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
        ChunkHandle wanted = null;
        if (handle != null) {
            try {
                wanted = ChunkHandle.parse(handle);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--handle': " + e.getMessage());
            }
        }
        try (Reader reader = backendOption.backendHolding(area).reader(area, options)) {
            if (wanted != null) {
                Optional<Chunk> chunk = reader.read(wanted);
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

    /** Bytes of a chunk handled at a time: output of any chunk size takes bounded memory. */
    private static final int BLOCK = 64 * 1024;

    private void print(PrintWriter out, Chunk chunk) {
        MemorySegment data = chunk.data();
        switch (format) {
            case text -> {
                printText(out, data);
                out.println();
            }
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
            case json -> new Json().put("sequence", chunk.sequence()).put("id", chunk.id())
                    .put("handle", chunk.handle().toString()).put("size", chunk.size())
                    .put("expiresAt", chunk.expiresAtMillis() == Long.MAX_VALUE ? null : chunk.expiresAt().toString())
                    .printWith(out, "data", to -> printBase64(to, data));
        }
    }

    /**
     * Prints a chunk's bytes as UTF-8 text on one line, a block at a time; control characters (but
     * tabs) become {@code ?}, so a chunk stays on its line and cannot drive the terminal.
     */
    private static void printText(PrintWriter out, MemorySegment data) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer in = ByteBuffer.allocate(BLOCK + 8);
        CharBuffer text = CharBuffer.allocate(BLOCK);
        long position = 0;
        boolean last;
        do {
            int n = (int) Math.min(in.remaining(), data.byteSize() - position);
            MemorySegment.ofArray(in.array()).asSlice(in.position(), n).copyFrom(data.asSlice(position, n));
            in.position(in.position() + n);
            position += n;
            last = position == data.byteSize();
            in.flip();
            CoderResult result;
            do {
                result = decoder.decode(in, text, last);
                printControlsReplaced(out, text.flip());
                text.clear();
            } while (result.isOverflow());
            in.compact();
        } while (!last);
        decoder.flush(text);
        printControlsReplaced(out, text.flip());
    }

    /** Prints decoded text (a heap buffer, flipped), control characters replaced in place. */
    private static void printControlsReplaced(PrintWriter out, CharBuffer text) {
        char[] chars = text.array();
        for (int i = text.position(); i < text.limit(); i++) {
            if (Character.isISOControl(chars[i]) && chars[i] != '\t') {
                chars[i] = '?';
            }
        }
        out.write(chars, text.position(), text.remaining());
    }

    /** Prints a chunk's bytes in base64, a block (a multiple of 3 bytes) at a time. */
    private static void printBase64(PrintWriter out, MemorySegment data) {
        Base64.Encoder encoder = Base64.getEncoder();
        int block = BLOCK / 3 * 3;
        for (long position = 0; position < data.byteSize(); position += block) {
            byte[] bytes = data.asSlice(position, Math.min(block, data.byteSize() - position)).toArray(ValueLayout.JAVA_BYTE);
            out.write(new String(encoder.encode(bytes), StandardCharsets.ISO_8859_1));
        }
    }
}
