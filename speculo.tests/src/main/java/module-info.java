/**
 * The conformance suite, multi-process tests and model-based tests of speculo. The main code of
 * this module is the child processes the multi-process tests start; the tests are in src/test.
 */
module speculo.tests {
    requires speculo.api;
    requires speculo.core;
    requires speculo.backend.file;
    requires speculo.backend.shm;
    requires java.management;
    requires jdk.management;
    requires jdk.jfr; // tests read the writer's flight-recorder events

    exports speculo.tests.child;
}
