package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What each module shows to others: {@code speculo.api} is the whole API; {@code speculo.core}, the
 * engine, exports its packages only to the backends and the test suite, so an application module
 * cannot come to depend on it.
 */
class ModuleBoundaryTest {

    @Test
    void theEngineExportsItsPackagesOnlyToTheModulesThatNeedThem() {
        ModuleDescriptor core = ModuleLayer.boot().findModule("speculo.core").orElseThrow().getDescriptor();
        Map<String, Set<String>> exports = core.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        Set<String> backends = Set.of("speculo.backend.file", "speculo.backend.shm", "speculo.tests");
        Set<String> tests = Set.of("speculo.tests");
        assertEquals(Map.of(
                "speculo.core", backends,
                "speculo.core.spi", backends,
                "speculo.core.layout", tests,
                "speculo.core.area", tests,
                "speculo.core.write", tests,
                "speculo.core.read", tests,
                "speculo.core.inspect", tests,
                "speculo.core.admin", tests), exports, "every export is qualified (an empty target set would be to everyone)");
    }

    @Test
    void theApiExportsItsPackageToEveryoneAndItsInternalsToTheEngineTheBridgeAndTheTestsOnly() {
        ModuleDescriptor api = ModuleLayer.boot().findModule("speculo.api").orElseThrow().getDescriptor();
        Map<String, Set<String>> exports = api.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Map.of("speculo.api", Set.of(), "speculo.api.internal", Set.of("speculo.core", "speculo.bridge", "speculo.tests")),
                exports, "the bridge makes its source's handles, and the tests forge handles, through the engine's access to their fields");
    }
}
