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

    /** Saves the backend system property before each test and restores it after. */
    private String savedProperty;

    @org.junit.jupiter.api.BeforeEach
    void saveProperty() {
        savedProperty = System.clearProperty(Speculo.BACKEND_PROPERTY);
    }

    @org.junit.jupiter.api.AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(Speculo.BACKEND_PROPERTY);
        } else {
            System.setProperty(Speculo.BACKEND_PROPERTY, savedProperty);
        }
    }

    @Test
    void bothBackendsAreFoundAndShmIsPreferredWhereItWorks() {
        assertEquals("shm", Speculo.backend("shm").name());
        assertEquals(java.util.List.of("shm", "file"), Speculo.backends().stream().map(b -> b.name()).toList());
        assertEquals("shm", Speculo.backend().name());
        System.setProperty(Speculo.BACKEND_PROPERTY, "shm");
        assertEquals("shm", Speculo.backend().name());
    }

    @Test
    void theDefaultIsTheUsableBackendOfHighestPriority() {
        var expected = Speculo.backends().stream().filter(b -> b.unavailableReason().isEmpty()).findFirst().orElseThrow();
        assertEquals(expected.name(), Speculo.backend().name());
    }

    @Test
    void theSystemPropertyChoosesTheBackend() {
        System.setProperty(Speculo.BACKEND_PROPERTY, "file");
        assertEquals("file", Speculo.backend().name());
        System.setProperty(Speculo.BACKEND_PROPERTY, "carrier-pigeon");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, Speculo::backend);
        assertTrue(e.getMessage().contains("carrier-pigeon") && e.getMessage().contains("file")
                && e.getMessage().contains("module path"), e.getMessage());
    }

    @Test
    void anUnknownNameListsWhatExists() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Speculo.backend("nope"));
        assertTrue(e.getMessage().contains("found: ") && e.getMessage().contains("file"), e.getMessage());
    }
}
