/**
 * Backend {@code shm}: areas as POSIX shared memory objects (R1), created and opened with
 * {@code shm_open}, sized with {@code ftruncate}, mapped with {@code mmap}, backed on demand with
 * {@code madvise(MADV_POPULATE_WRITE)} (or {@code posix_fallocate}), removed with
 * {@code shm_unlink}, through jnr-posix and a small jnr-ffi binding.
 *
 * <p>Needs native access: run with {@code --enable-native-access=speculo.backend.shm,ALL-UNNAMED}
 * (module path, jffi on the class path) or {@code --enable-native-access=ALL-UNNAMED} (class path).
 */
module speculo.backend.shm {
    requires transitive speculo.core;
    requires org.jnrproject.posix;
    requires org.jnrproject.ffi;
    requires org.jnrproject.constants;
    // jnr-ffi is an automatic module and cannot require ASM itself; it generates the binding with it.
    requires org.objectweb.asm;
    requires org.objectweb.asm.commons;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires org.objectweb.asm.util;

    exports speculo.backend.shm;
    // jnr-ffi defines the binding's implementation class in an unnamed module at run time.
    opens speculo.backend.shm.posix;

    provides speculo.api.Backend with speculo.backend.shm.ShmBackend;
}
