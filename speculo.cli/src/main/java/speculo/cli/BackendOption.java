package speculo.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.core.StoreBackend;

/** The {@code --backend} option shared by the commands that work on areas. */
public final class BackendOption {

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME",
            description = "Backend: shm or file (default: -Dspeculo.backend, else the best available).")
    String name;

    /** {@return the chosen backend, or the default one} */
    public StoreBackend backend() {
        Backend backend = name == null ? Speculo.backend() : Speculo.backend(name);
        if (!(backend instanceof StoreBackend store)) {
            throw new IllegalStateException("backend '" + backend.name() + "' cannot be inspected");
        }
        return store;
    }

    /**
     * {@return the backend that holds an area: the chosen one (by option or system property), else
     * the first usable backend that lists the area, else the default one (whose "no such area" the
     * caller then reports)} So {@code stat} and {@code cat} find every area {@code ls} lists.
     */
    public StoreBackend backendHolding(String area) {
        if (name != null || System.getProperty(Speculo.BACKEND_PROPERTY) != null) {
            return backend();
        }
        for (StoreBackend candidate : backendsToList()) {
            try {
                if (candidate.areas().contains(area)) {
                    return candidate;
                }
            } catch (RuntimeException cannotList) {
                // a backend whose listing fails holds nothing this command can find
            }
        }
        return backend();
    }

    /** {@return the chosen backend (by option or system property), or every usable one if none was chosen} */
    public List<StoreBackend> backendsToList() {
        if (name != null || System.getProperty(Speculo.BACKEND_PROPERTY) != null) {
            return List.of(backend());
        }
        List<StoreBackend> all = new ArrayList<>();
        for (Backend backend : Speculo.backends()) {
            if (backend.unavailableReason().isEmpty() && backend instanceof StoreBackend store) {
                all.add(store);
            }
        }
        return all;
    }
}
