/**
 * The speculo protocol engine: the shared-memory layout, the writer, the reader and the garbage
 * collector, over any mapped {@link java.lang.foreign.MemorySegment}. Backends supply named
 * objects through {@link speculo.core.spi.ObjectStore} and get a complete {@link speculo.api.Backend}
 * from {@link speculo.core.StoreBackend}.
 *
 * <p>Not an API for applications: only backends, tests and tools use it directly.
 */
module speculo.core {
    requires transitive speculo.api;
    requires jdk.jfr;

    exports speculo.core;
    exports speculo.core.spi;
    exports speculo.core.layout;
    exports speculo.core.area;
    exports speculo.core.write;
    exports speculo.core.read;
    exports speculo.core.inspect;
    exports speculo.core.admin;
}
