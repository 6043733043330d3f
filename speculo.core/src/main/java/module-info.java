/**
 * The speculo protocol engine: the shared-memory layout, the writer, the reader and the garbage
 * collector, over any mapped {@link java.lang.foreign.MemorySegment}. Backends supply named
 * objects through {@link speculo.core.spi.ObjectStore} and get a complete {@link speculo.api.Backend}
 * from {@link speculo.core.StoreBackend}.
 *
 * <p>Not an API for applications: its packages are exported only to the modules that need them
 * (the backends, and the test suite). Tools that run on the class path (the CLI, the benchmarks,
 * the jcstress suite) see every class, as the class path has no modules.
 */
@SuppressWarnings("module") // the backends and the tests are compiled after this module: javac cannot see them yet
module speculo.core {
    requires transitive speculo.api;
    requires jdk.jfr;

    exports speculo.core to speculo.backend.file, speculo.backend.shm, speculo.tests;
    exports speculo.core.spi to speculo.backend.file, speculo.backend.shm, speculo.tests;
    exports speculo.core.layout to speculo.tests;
    exports speculo.core.area to speculo.tests;
    exports speculo.core.write to speculo.tests;
    exports speculo.core.read to speculo.tests;
    exports speculo.core.inspect to speculo.tests;
    exports speculo.core.admin to speculo.tests;
}
