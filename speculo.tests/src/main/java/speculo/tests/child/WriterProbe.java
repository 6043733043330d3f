package speculo.tests.child;

import speculo.api.AreaBusyException;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process: tries to become the writer of an area, from wherever it was started (for
 * example another pid namespace).
 *
 * <p>Argument: {@code AREA}. Prints {@code OPENED} (and closes the writer again), or
 * {@code BUSY pid=N message=...}, or {@code FAILED} with the exception, then exits with 0.
 */
public final class WriterProbe {

    private WriterProbe() {
    }

    public static void main(String[] args) {
        try (Writer writer = Speculo.writer(args[0], WriterOptions.defaults())) {
            System.out.println("OPENED " + writer.area());
        } catch (AreaBusyException busy) {
            System.out.println("BUSY pid=" + busy.writerPid() + " message=" + busy.getMessage());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
        }
    }
}
