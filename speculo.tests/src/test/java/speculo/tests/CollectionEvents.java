package speculo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import speculo.api.Writer;

/** The {@code speculo.Collection} flight-recorder events of a test's collections: what each says it did. */
final class CollectionEvents {

    private CollectionEvents() {
    }

    /** Runs one collection under a flight recording; {@return its event} */
    static RecordedEvent collect(Writer writer) {
        List<RecordedEvent> events = during(writer::collect);
        assertEquals(1, events.size(), "collection events: " + events);
        return events.getFirst();
    }

    /** {@return the collection events of every collection that {@code action} ran, in order} */
    static List<RecordedEvent> during(Runnable action) {
        try (Recording recording = new Recording()) {
            recording.enable("speculo.Collection");
            recording.start();
            action.run();
            recording.stop();
            Path file = Files.createTempFile("speculo-collection", ".jfr");
            try {
                recording.dump(file);
                // Only those: the recording may also hold the recorder's own (its settings, for one).
                // In the order they began: a recording file promises no order of its own.
                return RecordingFile.readAllEvents(file).stream()
                        .filter(event -> event.getEventType().getName().equals("speculo.Collection"))
                        .sorted(Comparator.comparing(RecordedEvent::getStartTime)).toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
