package speculo.core.area;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import speculo.api.internal.Printable;
import speculo.core.layout.ControlDescriptor;

/**
 * Area names and the names of the objects an area consists of: the control object {@code NAME}
 * and one data object {@code NAME.<generation>.<salt>} per generation. The salt is 48 random bits
 * the writer draws for each generation and records in the control object only when it decides
 * that generation (see {@link ControlDescriptor#NAME_SALT_OFFSET}): on a system-wide namespace
 * (POSIX shared memory) another user cannot create the next data object's name first and so stop
 * the writer's next collection; only the control object's name can be taken, and that is refused
 * at creation.
 *
 * <p>Area names are 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}, starting with
 * a letter or digit. The dot is reserved as the generation separator, so no area's data object
 * can ever be mistaken for another area's control object; the slash never appears, so a name is
 * valid in every backend's namespace.
 */
public final class AreaNames {

    /** Longest area name; leaves room for a generation suffix within every backend's name limit. */
    public static final int MAX_LENGTH = 100;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final char SEPARATOR = '.';
    /** Hex digits of a data object name's salt. */
    private static final int SALT_DIGITS = ControlDescriptor.SALT_BITS / 4;
    private static final SecureRandom SALTS = new SecureRandom();

    private AreaNames() {
    }

    /**
     * Checks an area name.
     *
     * @param area the name
     * @return the name
     * @throws IllegalArgumentException naming the rule the name breaks
     * @throws NullPointerException     if {@code area} is null
     */
    public static String requireValid(String area) {
        Objects.requireNonNull(area, "area");
        if (area.isEmpty() || area.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("area name must be 1 to " + MAX_LENGTH + " characters long: '"
                    + Printable.quote(area) + "'");
        }
        if (!VALID.matcher(area).matches()) {
            throw new IllegalArgumentException("area name may contain only letters, digits, '_' and '-', and must start"
                    + " with a letter or digit (no '/', no '.'): '" + Printable.quote(area) + "'");
        }
        return area;
    }

    /** {@return whether {@code name} is a valid area name} */
    public static boolean isValid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }

    /** {@return the name of the area's control object} */
    public static String controlObject(String area) {
        return area;
    }

    /**
     * {@return the name of the area's data object of a generation: {@code NAME.<generation>.<salt>},
     * the salt as 12 lower-case hex digits}
     */
    public static String dataObject(String area, long generation, long salt) {
        return area + SEPARATOR + generation + SEPARATOR + String.format("%012x", salt);
    }

    /** {@return a new random salt for a data object name, {@link ControlDescriptor#SALT_BITS} bits} */
    public static long newSalt() {
        return SALTS.nextLong() & ((1L << ControlDescriptor.SALT_BITS) - 1);
    }

    /**
     * Tells whether an object belongs to an area as one of its data objects.
     *
     * @param area   the area
     * @param object an object name from a listing
     * @return the generation, or -1 if {@code object} is not a data object name of {@code area}
     */
    public static long generationOf(String area, String object) {
        if (object.length() <= area.length() + 1 || !object.startsWith(area)
                || object.charAt(area.length()) != SEPARATOR) {
            return -1;
        }
        String rest = object.substring(area.length() + 1);
        int dot = rest.indexOf(SEPARATOR);
        if (dot <= 0 || rest.length() - dot - 1 != SALT_DIGITS) {
            return -1;
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            boolean ok = i < dot ? c >= '0' && c <= '9' : i == dot || c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!ok) {
                return -1;
            }
        }
        try {
            return Long.parseLong(rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

}
