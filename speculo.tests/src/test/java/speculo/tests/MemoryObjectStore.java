package speculo.tests;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import speculo.api.AreaPermissions;
import speculo.core.area.ReadOnlyArea;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * An in-process object store over plain native memory, for fast tests of the protocol engine
 * (the fuzzer runs a hundred thousand areas through it). Every "mapping" is a view of the one
 * segment that holds the object, so a test can corrupt or truncate an object and the engine sees
 * it exactly as it would see a shared object changed by another process. A subclass decides how
 * a view is made ({@link #map}); this one's views have memory behind them from the start.
 */
class MemoryObjectStore implements ObjectStore {

    private final Map<String, MemorySegment> objects = new ConcurrentHashMap<>();
    private final Arena arena = Arena.ofAuto();

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public MappedObject create(String name, long size, long backed, AreaPermissions permissions) throws IOException {
        MemorySegment segment = arena.allocate(size, 4096);
        if (objects.putIfAbsent(name, segment) != null) {
            throw new FileAlreadyExistsException(name);
        }
        MappedObject mapping = map(name, segment);
        mapping.reserve(0, Math.min(size, backed)); // as a real store backs what it is asked to at creation
        return mapping;
    }

    @Override
    public MappedObject openReadOnly(String name) throws IOException {
        return map(name, find(name).asReadOnly());
    }

    @Override
    public MappedObject openReadWrite(String name) throws IOException {
        return map(name, find(name));
    }

    @Override
    public byte[] readStart(String name, int length) throws IOException {
        MemorySegment object = find(name);
        return object.asSlice(0, Math.min(length, object.byteSize())).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public boolean unlink(String name) {
        return objects.remove(name) != null;
    }

    @Override
    public List<String> list() {
        return new ArrayList<>(objects.keySet());
    }

    @Override
    public String owner(String name) {
        return System.getProperty("user.name");
    }

    @Override
    public boolean ownedByThisUser(String name) {
        return true; // objects of this store live in this process
    }

    /** Replaces an object's contents, as another process writing or truncating it would. */
    void put(String name, MemorySegment contents) {
        MemorySegment copy = arena.allocate(Math.max(1, contents.byteSize()), 4096).asSlice(0, contents.byteSize());
        copy.copyFrom(contents);
        objects.put(name, copy);
    }

    /** {@return the object's current bytes, writable} */
    MemorySegment get(String name) {
        return objects.get(name);
    }

    /** {@return the name of an area's data object of a generation (its salt is random), or null if there is none} */
    String dataObject(String area, long generation) {
        try {
            return ReadOnlyArea.objectHolding(this, area, generation);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MemorySegment find(String name) throws NoSuchFileException {
        MemorySegment segment = objects.get(name);
        if (segment == null) {
            throw new NoSuchFileException(name);
        }
        return segment;
    }

    /** {@return a "mapping" of object {@code name}: a view of {@code segment}, its own arena, with memory behind it all} */
    @SuppressWarnings("restricted") // reinterpret: a view of memory this store allocated, of its exact size
    protected MappedObject map(String name, MemorySegment segment) {
        // Closing the "mapping" only ends this view's scope; the object's memory stays in the store.
        // Shared, as the backends' mappings are: the writer retires old generations on a thread of its own.
        Arena view = Arena.ofShared();
        return new MappedObject(name, segment.reinterpret(view, null), view);
    }
}
