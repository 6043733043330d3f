package speculo.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import speculo.api.AreaBusyException;
import speculo.api.Backend;
import speculo.api.CorruptAreaException;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.admin.AreaRemoval;
import speculo.core.admin.Removal;
import speculo.core.area.AreaNames;
import speculo.core.area.Failures;
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

    private static final System.Logger LOG = System.getLogger("speculo");

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

    /**
     * {@return the names of areas whose control object is gone while data or reader presence
     * objects of theirs remain} What a writer that died while removing its area, or a reader
     * killed after its area was removed, leaves; {@link #removeArea} removes them.
     *
     * @throws speculo.api.SpeculoException  if the store cannot be listed
     * @throws UnsupportedOperationException if the system offers no way to list it
     */
    public List<String> orphans() {
        ObjectStore store = store();
        try {
            List<String> names = store.list();
            Set<String> controls = new HashSet<>();
            Set<String> orphans = new TreeSet<>();
            for (String name : names) {
                if (AreaNames.isValid(name)) {
                    controls.add(name);
                }
            }
            for (String name : names) {
                String area = AreaNames.areaOf(name);
                if (area != null && !controls.contains(area)) {
                    orphans.add(area);
                }
            }
            return List.copyOf(orphans);
        } catch (IOException e) {
            throw Failures.of(null, store.location(), "list", e);
        }
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

    /**
     * {@inheritDoc}
     *
     * <p>Only objects proven to be the area's are touched (see {@link AreaRemoval}); a name taken
     * by anything else is left alone and logged.
     *
     * @throws CorruptAreaException if the area's name is taken by something that is not a speculo
     *                              area (a FIFO, a foreign file): it was left alone
     */
    @Override
    public boolean remove(String area) {
        Removal removal = removeArea(area, false);
        for (Removal.Skipped skipped : removal.skipped()) {
            if (skipped.object().equals(AreaNames.controlObject(area))) {
                throw new CorruptAreaException(area, skipped.object(), -1, skipped.reason() + "; it was left alone");
            }
            LOG.log(System.Logger.Level.WARNING, "area ''{0}'': left ''{1}'' alone: {2}", area, skipped.object(),
                    skipped.reason());
        }
        return removal.existed();
    }

    /**
     * Removes an area and reports what it removed and what it left alone. For tools.
     *
     * @param area  the area's name
     * @param force whether to remove it although a writer that is alive, or that this process
     *              cannot judge, owns it, or its format is another version; never forces the
     *              removal of an object that is not speculo's
     * @return what was removed and what was left alone
     * @throws AreaBusyException        if a writer holds the area and {@code force} is false
     * @throws IllegalArgumentException if {@code area} is not a valid name
     */
    public Removal removeArea(String area, boolean force) {
        AreaNames.requireValid(area);
        return AreaRemoval.remove(store(), area, force);
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
