/**
 * The public API of speculo: lock-free inter-process communication over shared memory.
 *
 * <p>Start at {@link speculo.api.Speculo}. This module holds interfaces, values and exceptions
 * only; put one or more backend modules ({@code speculo.backend.file}, {@code speculo.backend.shm})
 * on the module path or class path to get an implementation.
 */
@SuppressWarnings("module") // speculo.core is compiled after this module: javac cannot see it yet
module speculo.api {
    exports speculo.api;
    // Quoting of outside text for messages, the built-in GC policies as the writer asks them, and
    // the fields of chunk handles, shared with the engine (and the tests that forge handles); not
    // API. (The CLI runs on the class path.)
    // The bridge makes handles of its source's chunks from their tag and id, for its mirror.
    exports speculo.api.internal to speculo.core, speculo.bridge, speculo.tests;

    uses speculo.api.Backend;
}
