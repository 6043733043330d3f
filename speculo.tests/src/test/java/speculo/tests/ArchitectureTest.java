package speculo.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.File;
import java.lang.reflect.AccessibleObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import speculo.api.SpeculoException;

/**
 * The architecture of DESIGN §2 (R14), checked on the compiled classes of every speculo module this
 * test can see. A rule that drifts fails the build.
 */
class ArchitectureTest {

    private static JavaClasses speculo;

    @BeforeAll
    static void importSpeculoModules() {
        String path = System.getProperty("jdk.module.path", "") + File.pathSeparator + System.getProperty("java.class.path", "");
        List<Path> modules = Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> entry.matches(".*speculo\\.(api|core|backend\\.[a-z]+)([/\\\\-].*)?"))
                .map(Path::of)
                .toList();
        speculo = new ClassFileImporter().importLocations(modules.stream().map(ArchitectureTest::location).toList());
        long packages = speculo.stream().map(JavaClass::getPackageName).distinct().count();
        if (packages < 8) {
            throw new IllegalStateException("found " + packages + " packages in " + modules);
        }
    }

    /** A module on the path is a directory of classes (in the reactor) or a jar (from the repository). */
    private static com.tngtech.archunit.core.importer.Location location(Path module) {
        if (!module.toString().endsWith(".jar")) {
            return com.tngtech.archunit.core.importer.Location.of(module);
        }
        try {
            return com.tngtech.archunit.core.importer.Location.of(new java.util.jar.JarFile(module.toFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theApiDependsOnJavaBaseOnly() {
        classes().that().resideInAPackage("speculo.api..")
                .should(onlyDependOn(Set.of("java.base"), "speculo.api.."))
                .check(speculo);
    }

    @Test
    void theCoreDependsOnTheApiOnly() {
        classes().that().resideInAPackage("speculo.core..")
                .should(onlyDependOn(Set.of("java.base", "jdk.jfr"), "speculo.api..", "speculo.core.."))
                .check(speculo);
    }

    @Test
    void theFileBackendDependsOnApiAndCoreOnly() {
        classes().that().resideInAPackage("speculo.backend.file..")
                .should(onlyDependOn(Set.of("java.base"), "speculo.api..", "speculo.core..", "speculo.backend.file.."))
                .check(speculo);
    }

    @Test
    void theShmBackendDependsOnApiCoreAndJnrOnly() {
        classes().that().resideInAPackage("speculo.backend.shm..")
                .should(onlyDependOn(Set.of("java.base"), "speculo.api..", "speculo.core..", "speculo.backend.shm..", "jnr.."))
                .check(speculo);
    }

    @Test
    void nothingInTheLibraryDependsOnABackend() {
        noClasses().that().resideInAnyPackage("speculo.api..", "speculo.core..")
                .should().dependOnClassesThat().resideInAPackage("speculo.backend..")
                .check(speculo);
    }

    @Test
    void noUnsafeNoMappedByteBufferNoJdkInternals() {
        ArchRule rule = noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("sun.misc.Unsafe")
                .orShould().dependOnClassesThat().resideInAnyPackage("jdk.internal..", "sun..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.MappedByteBuffer")
                .orShould().callMethod(AccessibleObject.class, "setAccessible", boolean.class)
                .orShould().callMethod(AccessibleObject.class, "trySetAccessible");
        rule.check(speculo);
    }

    @Test
    void publicApiTypesAreInterfacesRecordsEnumsOrFinalClasses() {
        classes().that().resideInAPackage("speculo.api").and().arePublic()
                .and().doNotHaveFullyQualifiedName(SpeculoException.class.getName())
                .should(beInterfaceRecordEnumOrFinal())
                .check(speculo);
    }

    @Test
    void everyExceptionExtendsTheLibrarysBaseException() {
        // The store SPI speaks the JDK's IOException types (and one of its own kind); the engine
        // turns each into a SpeculoException before a user sees it (Failures).
        classes().that().resideInAnyPackage("speculo..").and().resideOutsideOfPackage("speculo.core.spi")
                .and().areAssignableTo(Throwable.class)
                .should().beAssignableTo(SpeculoException.class)
                .check(speculo);
    }

    @Test
    void layoutOffsetsAreDefinedInTheDescriptorsOnly() {
        noFields().that().areStatic().and().areFinal().and().haveNameMatching(".*_OFFSET|.*HEADER_LENGTH|LENGTH|OBJECT_SIZE")
                .should().beDeclaredInClassesThat().resideOutsideOfPackage("speculo.core.layout")
                .check(speculo);
    }

    /** Depends only on the given packages, or on classes of the given JDK modules. */
    private static ArchCondition<JavaClass> onlyDependOn(Set<String> jdkModules, String... packages) {
        return new ArchCondition<>("only depend on " + Arrays.toString(packages) + " and JDK modules " + jdkModules) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getDirectDependenciesFromSelf().forEach(dependency -> {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (target.isPrimitive() || target.getPackage().getName().isEmpty()) {
                        return;
                    }
                    String pkg = target.getPackageName();
                    boolean allowedPackage = Arrays.stream(packages).anyMatch(p -> p.endsWith("..")
                            ? pkg.equals(p.substring(0, p.length() - 2)) || pkg.startsWith(p.substring(0, p.length() - 1))
                            : pkg.equals(p));
                    boolean allowedModule = jdkModules.stream().anyMatch(m -> ModuleLayer.boot().findModule(m)
                            .map(module -> module.getPackages().contains(pkg)).orElse(false));
                    if (!allowedPackage && !allowedModule) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        };
    }

    private static ArchCondition<JavaClass> beInterfaceRecordEnumOrFinal() {
        return new ArchCondition<>("be an interface, a record, an enum or a final class") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean ok = item.isInterface() || item.isRecord() || item.isEnum()
                        || item.getModifiers().contains(JavaModifier.FINAL);
                if (!ok) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is an extensible class"));
                }
            }
        };
    }
}
