package speculo.tests.child;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import speculo.api.*;

/** A writer and a reader of one area (in one process here; usually in two). */
public class Quickstart {
    public static void main(String[] args) {
        try (Writer writer = Speculo.writer("quickstart");      // creates the area, or takes it over
             Reader reader = Speculo.reader("quickstart")) {    // any process of this machine may read it
            ChunkHandle config = writer.write("config v1".getBytes(UTF_8));        // a block that never expires
            writer.append("reading 21.5".getBytes(UTF_8), Duration.ofSeconds(5)); // a stream chunk, expires in 5 s
            writer.replace(config, "config v2".getBytes(UTF_8));                    // who reads the handle sees v2
            String sent = config.toString();                                       // send it over any IPC

            ChunkHandler print = chunk -> System.out.println(chunk.sequence() + ": " + new String(chunk.toByteArray(), UTF_8));
            reader.poll(print, 64);                                      // the stream, zero-copy: 2 and 3
            reader.read(ChunkHandle.parse(sent)).ifPresent(print::onChunk); // the newest copy of the block: 3
        }
        Speculo.backend().remove("quickstart");                          // an area outlives its writer until removed
    }
}
