package speculo.core.spi;

import java.io.IOException;
import java.util.List;
import speculo.api.AreaPermissions;

/**
 * A namespace of named shared objects that can be mapped into memory: what a backend provides
 * to the protocol engine. One contract, several implementations (plain files, POSIX shared
 * memory); the conformance suite runs once per implementation.
 *
 * <p>Names are the engine's object names ({@code NAME}, {@code NAME.<slot>.<salt>}, {@code NAME.reader.<salt>}); an
 * implementation maps them to its own namespace. Every operation opens, maps and closes: no file
 * descriptor outlives a call (R12). Implementations are thread-safe.
 *
 * <p>No operation blocks: a name taken by something that is not a regular object (a FIFO planted
 * under it, a directory, a socket) is refused with {@link NotAnObjectException}, never opened in a
 * way that waits for a peer.
 *
 * <p>Errors are the JDK's {@link java.nio.file.FileSystemException} types, so the engine can tell
 * them apart: {@link java.nio.file.FileAlreadyExistsException}, {@link java.nio.file.NoSuchFileException},
 * {@link java.nio.file.AccessDeniedException}, {@link NotAnObjectException}; any other
 * {@link IOException} for the rest.
 */
public interface ObjectStore {

    /** {@return where the objects live, for messages, for example {@code "file:/run/user/1000/speculo"}} */
    String location();

    /**
     * Creates an object exclusively, never following a symbolic link, zero-filled, of {@code size}
     * bytes, with exactly the given permissions, and maps it read-write, with memory behind every
     * byte of it.
     *
     * @param name        the object's name
     * @param size        its size in bytes; positive
     * @param permissions who may read it
     * @return the mapping
     * @throws java.nio.file.FileAlreadyExistsException if an object (or anything) of that name exists
     * @throws IOException                              if the system refuses, or has no room
     */
    default MappedObject create(String name, long size, AreaPermissions permissions) throws IOException {
        return create(name, size, size, permissions);
    }

    /**
     * Creates an object like {@link #create(String, long, AreaPermissions)}, but guarantees memory
     * only behind its first {@code backed} bytes; the writer asks for the rest as it needs it,
     * with {@link MappedObject#reserve}. A large new generation is thus cheap to create (nothing
     * to allocate and zero beyond what the collector copies), and a full system still fails with
     * an exception at the point of need instead of a SIGBUS. A store may back more, or everything.
     *
     * @param name        the object's name
     * @param size        its size in bytes; positive
     * @param backed      how many bytes from the start need memory now; at most {@code size}
     * @param permissions who may read it
     * @return the mapping
     * @throws java.nio.file.FileAlreadyExistsException if an object (or anything) of that name exists
     * @throws IOException                              if the system refuses, or has no room
     */
    MappedObject create(String name, long size, long backed, AreaPermissions permissions) throws IOException;

    /**
     * Maps an existing object read-only, whole.
     *
     * @param name the object's name
     * @return the read-only mapping
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws NotAnObjectException              if the name is taken by something else than an object
     * @throws IOException                       if the system refuses
     */
    MappedObject openReadOnly(String name) throws IOException;

    /**
     * Reads the start of an existing object with plain reads, without mapping it: for small
     * objects of another process (a reader's presence), which their owner may cut short at any
     * time, and a mapping of which would then fault where it is read.
     *
     * @param name   the object's name
     * @param length how many bytes to read from its start, at most
     * @return the bytes read: fewer than {@code length} if the object is shorter
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws NotAnObjectException              if the name is taken by something else than an object
     * @throws IOException                       if the system refuses
     */
    byte[] readStart(String name, int length) throws IOException;

    /**
     * Maps an existing object read-write, whole. Only a writer that owns the area does this.
     *
     * @param name the object's name
     * @return the mapping
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws NotAnObjectException              if the name is taken by something else than an object
     * @throws IOException                       if the system refuses
     */
    MappedObject openReadWrite(String name) throws IOException;

    /**
     * Removes an object's name. Existing mappings stay valid until unmapped.
     *
     * @param name the object's name
     * @return {@code true} if it existed
     * @throws IOException if the system refuses
     */
    boolean unlink(String name) throws IOException;

    /**
     * Lists the names in this store: its objects, and anything else that took a name of its
     * namespace (a FIFO, a directory), so that tools can report it rather than pass over it in
     * silence; opening such a name gives {@link NotAnObjectException}.
     *
     * @return the names, in no particular order
     * @throws IOException                   if the store cannot be listed
     * @throws UnsupportedOperationException if the system offers no way to list this store
     */
    List<String> list() throws IOException;

    /**
     * Tells who owns an object.
     *
     * @param name the object's name
     * @return the owner's user name, or its numeric id if the user has no name
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                       if the system refuses
     */
    String owner(String name) throws IOException;

    /**
     * Tells whether an object belongs to the user this process runs as, by user id where the
     * system has them: a user without a name (a container's arbitrary uid) is still itself, where
     * comparing names would see {@code "?"} against its id.
     *
     * @param name the object's name
     * @return whether this process's user owns it
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                       if the system refuses
     */
    boolean ownedByThisUser(String name) throws IOException;
}
