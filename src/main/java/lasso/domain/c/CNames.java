package lasso.domain.c;

import java.util.regex.Pattern;

/**
 * Variable names of restricted C, as Csmith writes them: {@code l_<n>} for locals and {@code p_<n>}
 * for parameters and loop counters. The list is always {@code a}.
 */
final class CNames {

    private static final Pattern VARIABLE = Pattern.compile("[lp]_(0|[1-9][0-9]{0,8})");

    private CNames() {
    }

    static boolean isVariable(String name) {
        return VARIABLE.matcher(name).matches();
    }

    static void require(String name) {
        if (!isVariable(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a variable name (l_<n> or p_<n>)");
        }
    }

    /** {@code 'l'} or {@code 'p'}. */
    static char family(String name) {
        return name.charAt(0);
    }
}
