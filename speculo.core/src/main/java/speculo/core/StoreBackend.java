package speculo.core;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import speculo.api.AreaBusyException;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.area.AreaNames;
import speculo.core.area.ControlObject;
import speculo.core.area.Failures;
import speculo.core.area.Ownership;
import speculo.core.inspect.AreaInspection;
import speculo.core.inspect.Inspector;
import speculo.core.read.AreaReader;
import speculo.core.spi.ObjectStore;
import speculo.core.write.AreaWriter;

/**
 * A complete {@link Backend} on top of an {@link ObjectStore}: a backend module implements the
 * store and names itself; the protocol is all here.
 */
public abstract class StoreBackend implements Backend {

    /** Constructor for subclasses. */
    protected StoreBackend() {
    }

    /**
     * Returns the object store. Called on every open, so an implementation may resolve its
     * location lazily and fail there with a precise exception. Public for tools and the stress
     * tests, which work on an area's objects directly; applications never need it.
     *
     * @return the store
     */
    public abstract ObjectStore store();

    @Override
    public String location() {
        return store().location();
    }

    @Override
    public Writer writer(String area, WriterOptions options) {
        AreaNames.requireValid(area);
        Objects.requireNonNull(options, "options");
        return AreaWriter.open(store(), area, options);
    }

    @Override
    public Reader reader(String area, ReaderOptions options) {
        AreaNames.requireValid(area);
        Objects.requireNonNull(options, "options");
        return AreaReader.open(store(), area, options);
    }

    @Override
    public List<String> areas() {
        ObjectStore store = store();
        try {
            List<String> areas = new ArrayList<>();
            for (String name : store.list()) {
                if (AreaNames.isValid(name)) {
                    areas.add(name);
                }
            }
            areas.sort(null);
            return List.copyOf(areas);
        } catch (IOException e) {
            throw Failures.of(null, store.location(), "list", e);
        }
    }

    @Override
    public boolean remove(String area) {
        AreaNames.requireValid(area);
        ObjectStore store = store();
        String controlName = AreaNames.controlObject(area);
        ControlObject control;
        try {
            control = ControlObject.wrapIfComplete(area, store.openReadWrite(controlName));
        } catch (NoSuchFileException e) {
            return unlinkAll(store, area);
        } catch (IOException e) {
            throw Failures.of(area, controlName, "open", e);
        }
        if (control == null) {
            return unlinkAll(store, area);
        }
        try {
            // Take ownership first, so no writer can start on the area while it is removed.
            long owner;
            do {
                owner = control.owner();
                if (Ownership.isAlive(owner)) {
                    throw new AreaBusyException(area, Ownership.pid(owner));
                }
            } while (!control.compareAndSetOwner(owner, Ownership.self()));
            return unlinkAll(store, area);
        } finally {
            control.close();
        }
    }

    /** Unlinks the data objects, then the control object; {@return whether anything existed} */
    private static boolean unlinkAll(ObjectStore store, String area) {
        boolean existed = false;
        try {
            for (String name : store.list()) {
                if (AreaNames.generationOf(area, name) >= 0) {
                    existed |= store.unlink(name);
                }
            }
            existed |= store.unlink(AreaNames.controlObject(area));
        } catch (IOException e) {
            throw Failures.of(area, area, "remove", e);
        }
        return existed;
    }

    /**
     * Inspects an area without writing to it: headers decoded and checked, records counted.
     *
     * @param area the area's name
     * @return the snapshot, expiry judged by the system clock
     * @throws speculo.api.AreaNotFoundException if there is no such area
     * @throws speculo.api.CorruptAreaException  if any value is impossible
     */
    public AreaInspection inspect(String area) {
        AreaNames.requireValid(area);
        return Inspector.inspect(store(), area, java.time.InstantSource.system());
    }

    @Override
    public String toString() {
        return name() + " backend";
    }
}
