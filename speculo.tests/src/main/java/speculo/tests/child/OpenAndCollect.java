package speculo.tests.child;

import speculo.api.Reader;
import speculo.api.Speculo;
import speculo.api.Writer;

/**
 * Opens a writer and a reader of an area, prints {@code OPENED}, then appends, collects and reads
 * once, prints {@code DONE} and removes the area: the start of an application's life, for tests
 * that watch what it loads.
 *
 * <p>Usage: {@code OpenAndCollect AREA}.
 */
public final class OpenAndCollect {

    private OpenAndCollect() {
    }

    public static void main(String[] args) {
        String area = args[0];
        try (Writer writer = Speculo.writer(area); Reader reader = Speculo.reader(area)) {
            System.out.println("OPENED");
            writer.append(new byte[64]);
            writer.collect();
            reader.next().orElseThrow();
            System.out.println("DONE");
        }
        Speculo.backend().remove(area);
    }
}
