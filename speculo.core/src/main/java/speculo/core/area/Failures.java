package speculo.core.area;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaIOException;
import speculo.api.CorruptAreaException;
import speculo.api.SpeculoException;
import speculo.core.spi.NotAnObjectException;

/** Turns the errors of an {@link speculo.core.spi.ObjectStore} into the API's exceptions, with context. */
public final class Failures {

    private Failures() {
    }

    /**
     * @param area   the area
     * @param object the object concerned
     * @param action what was attempted, for example {@code "create"}
     * @param error  what the store reported
     * @return the exception to throw
     */
    public static SpeculoException of(String area, String object, String action, IOException error) {
        if (error instanceof NotAnObjectException planted) {
            return new CorruptAreaException(area, object, -1, "the name is taken by a " + planted.kind()
                    + ", not a speculo object; it was neither opened nor changed");
        }
        if (error instanceof AccessDeniedException) {
            return new AreaAccessDeniedException(area, "area '" + area + "': permission denied to " + action
                    + " object '" + object + "': " + error.getMessage(), error);
        }
        return new AreaIOException(area, object, action, error);
    }
}
