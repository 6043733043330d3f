package speculo.tests.child;

import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Child process for the security tests, run as a user id that has no user name: on each backend,
 * creates an area, closes it, opens it again as its writer (the owner check a restarted service
 * meets) and reads it back. Argument: {@code AREA}. Prints {@code <backend> REOPENED <chunks>} or
 * {@code <backend> FAILED <exception>} for {@code shm} and {@code file}.
 */
public final class NamelessUserProbe {

    private NamelessUserProbe() {
    }

    public static void main(String[] args) {
        for (String name : new String[] {"shm", "file"}) {
            Backend backend = Speculo.backend(name);
            try {
                try (Writer writer = backend.writer(args[0], WriterOptions.defaults())) {
                    writer.write(new byte[1]);
                }
                try (Writer writer = backend.writer(args[0], WriterOptions.defaults());
                     Reader reader = backend.reader(args[0], ReaderOptions.defaults())) {
                    writer.write(new byte[2]);
                    int chunks = 0;
                    while (reader.next().isPresent()) {
                        chunks++;
                    }
                    System.out.println(name + " REOPENED " + chunks);
                }
                backend.remove(args[0]);
            } catch (RuntimeException e) {
                System.out.println(name + " FAILED " + e);
            }
        }
    }
}
