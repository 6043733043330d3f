package speculo.tests.child;

import speculo.api.AreaNotFoundException;
import speculo.api.Reader;
import speculo.api.Speculo;

/**
 * Reports which backend {@link Speculo} chose and reads an area with it, as an application
 * would: prints {@code DEFAULT <name>}, then {@code READ <chunks>} or {@code NOT_FOUND <message>}.
 *
 * <p>Usage: {@code BackendReport AREA}.
 */
public final class BackendReport {

    private BackendReport() {
    }

    public static void main(String[] args) {
        System.out.println("DEFAULT " + Speculo.backend().name());
        try (Reader reader = Speculo.reader(args[0])) {
            int chunks = 0;
            while (reader.next().isPresent()) {
                chunks++;
            }
            System.out.println("READ " + chunks);
        } catch (AreaNotFoundException e) {
            System.out.println("NOT_FOUND " + e.getMessage());
        }
    }
}
