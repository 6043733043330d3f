package speculo.tests.child;

import speculo.api.Reader;
import speculo.api.Speculo;
import speculo.api.Writer;

/**
 * Child process for the security tests, run as another user: tries to read an area and to write
 * it. Argument: {@code AREA}. Prints {@code READ ok <chunks>} or {@code READ denied <exception>},
 * then {@code WRITE ok} or {@code WRITE denied <exception>}.
 */
public final class AccessProbe {

    private AccessProbe() {
    }

    public static void main(String[] args) {
        try (Reader reader = Speculo.reader(args[0])) {
            int chunks = 0;
            while (reader.next().isPresent()) {
                chunks++;
            }
            System.out.println("READ ok " + chunks);
        } catch (RuntimeException e) {
            System.out.println("READ denied " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try (Writer writer = Speculo.writer(args[0])) {
            writer.write(new byte[1]);
            System.out.println("WRITE ok");
        } catch (RuntimeException e) {
            System.out.println("WRITE denied " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
