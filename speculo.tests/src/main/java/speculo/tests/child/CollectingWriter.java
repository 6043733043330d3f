package speculo.tests.child;

import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process: creates an area, collects it a number of times, and removes it again.
 *
 * <p>Arguments: {@code AREA COLLECTIONS}. Prints {@code COLLECTED n generation=g} after the
 * collections, or {@code FAILED} with the exception, then {@code REMOVED true|false}.
 */
public final class CollectingWriter {

    private CollectingWriter() {
    }

    public static void main(String[] args) {
        String area = args[0];
        int collections = Integer.parseInt(args[1]);
        try (Writer writer = Speculo.writer(area, WriterOptions.defaults())) {
            writer.write(new byte[] {42});
            for (int i = 0; i < collections; i++) {
                writer.collect();
            }
            System.out.println("COLLECTED " + collections + " generation=" + writer.stats().generation());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
        }
        System.out.println("REMOVED " + Speculo.backend().remove(area));
    }
}
