package lasso.domain;

/**
 * A client's text as error messages quote it: whole when short, else its beginning and its length,
 * so that an 8 KB id or domain name echoed into a gRPC status cannot outgrow the HTTP/2 headers.
 */
public final class Excerpt {

    /** Characters quoted whole; a longer text shows its first {@code KEPT}. */
    static final int SHORT = 64;
    static final int KEPT = 40;

    private Excerpt() {
    }

    /** {@code 'text'}, or {@code 'beginning…' (N characters)}. */
    public static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= SHORT) {
            return "'" + text + "'";
        }
        int end = Character.isHighSurrogate(text.charAt(KEPT - 1)) ? KEPT - 1 : KEPT;
        return "'" + text.substring(0, end) + "…' (" + text.length() + " characters)";
    }
}
