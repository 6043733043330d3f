package speculo.core.area;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Area names and the names of the objects an area consists of: the control object {@code NAME}
 * and one data object {@code NAME.<generation>} per generation.
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
                    + abbreviate(area) + "'");
        }
        if (!VALID.matcher(area).matches()) {
            throw new IllegalArgumentException("area name may contain only letters, digits, '_' and '-', and must start"
                    + " with a letter or digit (no '/', no '.'): '" + abbreviate(area) + "'");
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

    /** {@return the name of the area's data object of a generation} */
    public static String dataObject(String area, long generation) {
        return area + SEPARATOR + generation;
    }

    /**
     * Tells whether an object belongs to an area as one of its data objects.
     *
     * @param area   the area
     * @param object an object name from a listing
     * @return the generation, or -1 if {@code object} is not a data object of {@code area}
     */
    public static long generationOf(String area, String object) {
        if (object.length() <= area.length() + 1 || !object.startsWith(area)
                || object.charAt(area.length()) != SEPARATOR) {
            return -1;
        }
        String digits = object.substring(area.length() + 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
