package speculo.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import speculo.api.internal.Printable;

/**
 * The entry point: finds backends and opens writers and readers.
 *
 * <pre>{@code
 * try (Writer writer = Speculo.writer("telemetry", WriterOptions.defaults())) {
 *     ChunkHandle handle = writer.write(bytes, Duration.ofSeconds(5));
 * }
 * try (Reader reader = Speculo.reader("telemetry")) {
 *     reader.poll(chunk -> use(chunk.data()), 64);
 * }
 * }</pre>
 *
 * <h2>Choosing a backend</h2>
 * Backends are found with {@link ServiceLoader} on the module path or class path. The methods
 * without a backend name use, in this order: the backend named by the system property
 * {@value #BACKEND_PROPERTY}; otherwise the usable backend of highest {@link Backend#priority()}.
 */
public final class Speculo {

    /** System property naming the default backend, for example {@code -Dspeculo.backend=file}. */
    public static final String BACKEND_PROPERTY = "speculo.backend";

    private static final String HOW_TO_ADD = "put speculo.backend.file or speculo.backend.shm on the module path or class path";

    private Speculo() {
    }

    /**
     * Lists every backend found, usable or not, highest priority first.
     *
     * @return the backends
     */
    public static List<Backend> backends() {
        List<Backend> found = new ArrayList<>();
        ServiceLoader.load(Backend.class, Speculo.class.getClassLoader()).forEach(found::add);
        if (found.isEmpty()) {
            ServiceLoader.load(Backend.class).forEach(found::add);
        }
        found.sort(Comparator.comparingInt(Backend::priority).reversed().thenComparing(Backend::name));
        return List.copyOf(found);
    }

    /**
     * Returns the backend of the given name.
     *
     * @param name for example {@code "file"} or {@code "shm"}
     * @return the backend
     * @throws BackendUnavailableException if no backend of that name was found or it cannot work here
     */
    public static Backend backend(String name) {
        Objects.requireNonNull(name, "name");
        List<Backend> all = backends();
        for (Backend backend : all) {
            if (backend.name().equals(name)) {
                backend.unavailableReason().ifPresent(reason -> {
                    throw new BackendUnavailableException("backend '" + name + "' cannot work here: " + reason);
                });
                return backend;
            }
        }
        throw new BackendUnavailableException("no backend named '" + Printable.quote(name) + "'; found: " + describe(all)
                + "; " + HOW_TO_ADD);
    }

    /**
     * Returns the default backend: the one named by {@value #BACKEND_PROPERTY}, else the usable
     * one of highest priority.
     *
     * @return the backend
     * @throws BackendUnavailableException if none is found or usable
     */
    public static Backend backend() {
        String named = System.getProperty(BACKEND_PROPERTY);
        if (named != null && !named.isBlank()) {
            return backend(named.strip());
        }
        List<Backend> all = backends();
        for (Backend backend : all) {
            if (backend.unavailableReason().isEmpty()) {
                reportPassedOver(all, backend);
                return backend;
            }
        }
        throw new BackendUnavailableException("no usable speculo backend; found: " + describe(all) + "; " + HOW_TO_ADD);
    }

    /**
     * Opens a writer on the default backend with the default options.
     *
     * @param area the area's name
     * @return the writer
     * @see Backend#writer(String, WriterOptions)
     */
    public static Writer writer(String area) {
        return writer(area, WriterOptions.defaults());
    }

    /**
     * Opens a writer on the default backend.
     *
     * @param area    the area's name
     * @param options how to create and manage the area
     * @return the writer
     * @see Backend#writer(String, WriterOptions)
     */
    public static Writer writer(String area, WriterOptions options) {
        return backend().writer(area, options);
    }

    /**
     * Opens a reader on the default backend with the default options.
     *
     * @param area the area's name
     * @return the reader
     * @see Backend#reader(String, ReaderOptions)
     */
    public static Reader reader(String area) {
        return reader(area, ReaderOptions.defaults());
    }

    /**
     * Opens a reader on the default backend. Where the default was chosen past a backend of higher
     * priority that cannot work here, an {@link AreaNotFoundException} says that the area may be
     * there, and why that backend cannot work.
     *
     * @param area    the area's name
     * @param options how to read
     * @return the reader
     * @see Backend#reader(String, ReaderOptions)
     */
    public static Reader reader(String area, ReaderOptions options) {
        Backend backend = backend();
        try {
            return backend.reader(area, options);
        } catch (AreaNotFoundException notFound) {
            String named = System.getProperty(BACKEND_PROPERTY);
            String passedOver = named != null && !named.isBlank() ? "" : passedOver(backends(), backend);
            if (passedOver.isEmpty()) { // the backend was named, or none of higher priority was passed over
                throw notFound;
            }
            throw new AreaNotFoundException(notFound, "; it may be on " + passedOver);
        }
    }

    /** The backends of higher priority than the default that were unusable, each logged once a JVM. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    /**
     * Logs, once for each, the backends of higher priority than {@code chosen} that are unusable:
     * a user whose areas live on one of them would otherwise only see them not found.
     */
    private static void reportPassedOver(List<Backend> all, Backend chosen) {
        for (Backend backend : all) {
            if (backend == chosen) {
                return;
            }
            Optional<String> reason = backend.unavailableReason();
            if (reason.isPresent() && REPORTED.add(backend.name())) {
                System.getLogger("speculo").log(System.Logger.Level.WARNING,
                        "backend ''{0}'' is unusable, so ''{1}'' is the default: {2}", backend.name(), chosen.name(), reason.get());
            }
        }
    }

    /** {@return the unusable backends of higher priority than {@code chosen}, with their reasons; empty if none} */
    private static String passedOver(List<Backend> all, Backend chosen) {
        List<String> unusable = new ArrayList<>();
        for (Backend backend : all) {
            if (backend.name().equals(chosen.name())) {
                break;
            }
            backend.unavailableReason().ifPresent(reason -> unusable.add("backend '" + backend.name()
                    + "', which is unusable here: " + reason));
        }
        return String.join("; or on ", unusable);
    }

    private static String describe(List<Backend> backends) {
        if (backends.isEmpty()) {
            return "none";
        }
        return backends.stream()
                .map(b -> b.name() + b.unavailableReason().map(r -> " (unusable: " + r + ")").orElse(""))
                .collect(Collectors.joining(", "));
    }
}
