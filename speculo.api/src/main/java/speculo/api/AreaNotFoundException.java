package speculo.api;

/**
 * The area does not exist, or exists but is still being created by its writer and is not ready
 * to be read yet.
 */
public final class AreaNotFoundException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area   the area that was looked for
     * @param where  where it was looked for, for example {@code "file backend in /run/user/1000/speculo"}
     * @param reason why it cannot be used, for example {@code "no such area"}
     */
    public AreaNotFoundException(String area, String where, String reason) {
        super(area, "area '" + area + "' (" + where + "): " + reason);
    }

    /** The same condition as {@code notFound}, with {@code addition} appended to its message. */
    AreaNotFoundException(AreaNotFoundException notFound, String addition) {
        super(notFound.area().orElse(null), notFound.getMessage() + addition, notFound);
    }
}
