/**
 * The public API of speculo: lock-free inter-process communication over shared memory.
 *
 * <p>Start at {@link speculo.api.Speculo}. This module holds interfaces, values and exceptions
 * only; put one or more backend modules ({@code speculo.backend.file}, {@code speculo.backend.shm})
 * on the module path or class path to get an implementation.
 */
module speculo.api {
    exports speculo.api;
    exports speculo.api.internal to speculo.core, speculo.cli;

    uses speculo.api.Backend;
}
