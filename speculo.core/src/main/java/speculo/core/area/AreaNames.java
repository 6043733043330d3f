package speculo.core.area;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import speculo.api.internal.Printable;
import speculo.core.layout.ControlDescriptor;

/**
 * Area names and the names of the objects an area consists of: the control object {@code NAME},
 * data objects {@code NAME.<slot>.<salt>}, and reader presence objects {@code NAME.reader.<salt>}.
 *
 * <p>A data object holds one generation at a time and may be recycled for a later one, so its
 * name does not say the generation: the slot is a small number the writer gives each object it
 * holds (for people reading a listing), the salt 48 random bits it draws for each object it
 * creates and records in the control object only when it decides the generation the object is for
 * (see {@link ControlDescriptor#NAME_SALT_OFFSET}): on a system-wide namespace (POSIX shared
 * memory) another user cannot create the next data object's name first and so stop the writer's
 * next collection; only the control object's name can be taken, and that is refused at creation.
 * A presence object's salt is its reader's own, drawn the same way.
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
    /** The middle part of a presence object's name; never a slot, which is digits. */
    private static final String PRESENCE = "reader";

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
     * {@return the name of one of the area's data objects: {@code NAME.<slot>.<salt>}, the salt
     * as 12 lower-case hex digits}
     */
    public static String dataObject(String area, long slot, long salt) {
        return area + SEPARATOR + slot + SEPARATOR + hex(salt);
    }

    /** {@return the name of a reader's presence object in the area: {@code NAME.reader.<salt>}} */
    public static String presenceObject(String area, long salt) {
        return area + SEPARATOR + PRESENCE + SEPARATOR + hex(salt);
    }

    /** {@return whether {@code object} is the name of a reader presence object of {@code area}} */
    public static boolean isPresence(String area, String object) {
        String prefix = area + SEPARATOR + PRESENCE + SEPARATOR;
        return object.startsWith(prefix) && isSalt(object, prefix.length());
    }

    private static String hex(long salt) {
        return String.format("%012x", salt);
    }

    /** {@return whether {@code name} ends, from {@code from}, with exactly a salt's hex digits} */
    private static boolean isSalt(String name, int from) {
        if (name.length() - from != SALT_DIGITS) {
            return false;
        }
        for (int i = from; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@return a new random salt for a data object name, {@link ControlDescriptor#SALT_BITS} bits} */
    public static long newSalt() {
        return SALTS.nextLong() & ((1L << ControlDescriptor.SALT_BITS) - 1);
    }

    /**
     * {@return the area a data or reader presence object belongs to, by its name, or null if
     * {@code object} is neither}
     */
    public static String areaOf(String object) {
        int dot = object.indexOf(SEPARATOR);
        if (dot <= 0) {
            return null;
        }
        String area = object.substring(0, dot);
        return isValid(area) && (slotOf(area, object) >= 0 || isPresence(area, object)) ? area : null;
    }

    /** {@return the salt of one of the area's data objects, from its name, or -1 if it is none} */
    public static long saltOf(String area, String object) {
        return slotOf(area, object) < 0 ? -1 : Long.parseLong(object, object.length() - SALT_DIGITS, object.length(), 16);
    }

    /**
     * Tells whether an object belongs to an area as one of its data objects.
     *
     * @param area   the area
     * @param object an object name from a listing
     * @return the object's slot, or -1 if {@code object} is not a data object name of {@code area}
     */
    public static long slotOf(String area, String object) {
        if (object.length() <= area.length() + 1 || !object.startsWith(area)
                || object.charAt(area.length()) != SEPARATOR) {
            return -1;
        }
        int from = area.length() + 1;
        int dot = object.indexOf(SEPARATOR, from);
        if (dot <= from || dot - from > 18 || !isSalt(object, dot + 1)) {
            return -1;
        }
        for (int i = from; i < dot; i++) {
            if (object.charAt(i) < '0' || object.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(object, from, dot, 10);
    }

}
