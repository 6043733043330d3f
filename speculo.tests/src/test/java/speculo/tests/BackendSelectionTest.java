package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import speculo.api.BackendUnavailableException;
import speculo.api.Speculo;

/** Finding backends: by name, by system property, by priority; a missing one is a clear error. */
class BackendSelectionTest {

    @Test
    void theFileBackendIsFoundByServiceLoader() {
        assertTrue(Speculo.backends().stream().anyMatch(b -> b.name().equals("file")));
        assertEquals("file", Speculo.backend("file").name());
        assertTrue(Speculo.backend("file").location().startsWith("file:/"));
    }

    @Test
    void bothBackendsAreFoundAndShmIsPreferredWhereItWorks() {
        assertEquals("shm", Speculo.backend("shm").name());
        assertEquals(java.util.List.of("shm", "file"), Speculo.backends().stream().map(b -> b.name()).toList());
        String saved = System.clearProperty(Speculo.BACKEND_PROPERTY);
        try {
            assertEquals("shm", Speculo.backend().name());
            System.setProperty(Speculo.BACKEND_PROPERTY, "shm");
            assertEquals("shm", Speculo.backend().name());
        } finally {
            if (saved == null) {
                System.clearProperty(Speculo.BACKEND_PROPERTY);
            } else {
                System.setProperty(Speculo.BACKEND_PROPERTY, saved);
            }
        }
    }

    @Test
    void theDefaultIsTheUsableBackendOfHighestPriority() {
        String saved = System.clearProperty(Speculo.BACKEND_PROPERTY);
        try {
            var expected = Speculo.backends().stream().filter(b -> b.unavailableReason().isEmpty()).findFirst().orElseThrow();
            assertEquals(expected.name(), Speculo.backend().name());
        } finally {
            if (saved != null) {
                System.setProperty(Speculo.BACKEND_PROPERTY, saved);
            }
        }
    }

    @Test
    void theSystemPropertyChoosesTheBackend() {
        String saved = System.setProperty(Speculo.BACKEND_PROPERTY, "file");
        try {
            assertEquals("file", Speculo.backend().name());
            System.setProperty(Speculo.BACKEND_PROPERTY, "carrier-pigeon");
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, Speculo::backend);
            assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("file")
                    && e.getMessage().contains("module path"), e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(Speculo.BACKEND_PROPERTY);
            } else {
                System.setProperty(Speculo.BACKEND_PROPERTY, saved);
            }
        }
    }

    @Test
    void anUnknownNameListsWhatExists() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Speculo.backend("nope"));
        assertTrue(e.getMessage().contains("found: ") && e.getMessage().contains("file"), e.getMessage());
    }
}
