package speculo.tests;

import java.util.List;
import speculo.api.Backend;
import speculo.api.Speculo;

/** The backends the conformance suite runs against: every one ServiceLoader finds and that can work here. */
public final class Backends {

    private Backends() {
    }

    /** {@return the usable backends; the suite fails if there is none} */
    public static List<Backend> all() {
        List<Backend> usable = Speculo.backends().stream().filter(b -> b.unavailableReason().isEmpty()).toList();
        if (usable.isEmpty()) {
            throw new IllegalStateException("no usable backend found: " + Speculo.backends());
        }
        return usable;
    }
}
