package dev.relay.gateway.proxy;

/**
 * An image sent inline as a {@code data:} URL. The scheme is matched without regard to case (RFC 2397 follows URL
 * syntax, whose schemes are case-insensitive), so that every check on the way to a worker agrees on what is one.
 */
public final class DataUrl {

    private static final String SCHEME = "data:";
    private static final String BASE64 = ";base64,";

    private DataUrl() {
    }

    public static boolean is(String url) {
        return url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Where a {@code data:...;base64,} URL's payload starts ({@code ;base64,} in any case), or -1 for any other URL. */
    public static int base64PayloadStart(String url) {
        if (!is(url)) {
            return -1;
        }
        for (int at = url.indexOf(';'); at >= 0; at = url.indexOf(';', at + 1)) {
            if (url.regionMatches(true, at, BASE64, 0, BASE64.length())) {
                return at + BASE64.length();
            }
        }
        return -1;
    }

    /** Whether a {@code data:} URL's media type is an image one. */
    public static boolean isImage(String url) {
        return url.regionMatches(true, SCHEME.length(), "image/", 0, "image/".length());
    }
}
