package speculo.api;

/**
 * Who may read an area's objects. Only the writer's user can ever write them (R18).
 */
public enum AreaPermissions {
    /** Mode {@code 0600}: only the writer's user can read. The default. */
    OWNER_ONLY(0600),
    /** Mode {@code 0640}: the writer's group can read too. */
    GROUP_READ(0640),
    /** Mode {@code 0644}: every user can read. */
    ALL_READ(0644);

    private final int mode;

    AreaPermissions(int mode) {
        this.mode = mode;
    }

    /** {@return the POSIX file mode bits, for example {@code 0600}} */
    public int mode() {
        return mode;
    }
}
