package speculo.api;

import java.util.List;
import java.util.Optional;

/**
 * A place where areas live: the {@code file} backend keeps them in plain files of a private
 * directory, the {@code shm} backend in POSIX shared memory objects. Backends are found with
 * {@link java.util.ServiceLoader}; get one through {@link Speculo#backend(String)} or
 * {@link Speculo#backend()}.
 *
 * <p>Implementations are thread-safe; the writers and readers they open are not (see
 * {@link Writer} and {@link Reader}).
 */
public interface Backend {

    /** {@return the backend's name, for example {@code "file"} or {@code "shm"}} */
    String name();

    /** {@return the backend's rank when none is named; the usable backend of highest priority is the default} */
    int priority();

    /** {@return why this backend cannot work on this system, or empty if it can} */
    Optional<String> unavailableReason();

    /** {@return where this backend keeps areas, for messages, for example {@code "file:/run/user/1000/speculo"}} */
    String location();

    /**
     * Opens the area for writing, creating it if it does not exist, taking it over if its previous
     * writer died or closed.
     *
     * @param area    the area's name: 1 to 100 characters, letters, digits, {@code _} and {@code -},
     *                starting with a letter or digit
     * @param options how to create and manage the area
     * @return the area's one writer
     * @throws IllegalArgumentException   if {@code area} is not a valid name
     * @throws AreaBusyException          if a live process already writes the area
     * @throws AreaAccessDeniedException  if the area or its directory may not be used
     * @throws CorruptAreaException       if the existing area holds impossible values
     * @throws IncompatibleFormatException if the existing area has another format version
     * @throws AreaIOException            if the operating system refuses
     */
    Writer writer(String area, WriterOptions options);

    /**
     * Opens the area for reading.
     *
     * @param area    the area's name
     * @param options how to read
     * @return a new reader, positioned at the oldest live chunk
     * @throws IllegalArgumentException   if {@code area} is not a valid name
     * @throws AreaNotFoundException      if the area does not exist or is not ready yet
     * @throws AreaAccessDeniedException  if the area may not be read, or has another owner than expected
     * @throws CorruptAreaException       if the area holds impossible values
     * @throws IncompatibleFormatException if the area has another format version
     */
    Reader reader(String area, ReaderOptions options);

    /**
     * Lists the areas of this backend.
     *
     * @return the names of the areas, sorted
     * @throws AreaIOException if the backend's location cannot be listed
     */
    List<String> areas();

    /**
     * Removes an area's objects. Readers that have it mapped keep reading what they have; new
     * readers no longer find it.
     *
     * @param area the area's name
     * @return {@code true} if the area existed
     * @throws AreaBusyException        if a live process writes the area
     * @throws IllegalArgumentException if {@code area} is not a valid name
     */
    boolean remove(String area);
}
