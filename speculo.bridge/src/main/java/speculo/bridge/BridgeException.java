package speculo.bridge;

import speculo.api.SpeculoException;

/**
 * A bridge cannot go on: its Aeron publication closed, a chunk is larger than a message may be, or
 * a mirror holds more chunks than its receiver keeps track of.
 */
public final class BridgeException extends SpeculoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area    the area the bridge sends or mirrors
     * @param message the complete message
     */
    public BridgeException(String area, String message) {
        super(area, message);
    }
}
