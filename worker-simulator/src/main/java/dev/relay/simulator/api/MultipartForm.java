package dev.relay.simulator.api;

import dev.relay.simulator.service.MediaRejected;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578), as OpenAI's SDKs send audio uploads, parsed in place: each part
 * points into the request's array, so a 25 MB file is never copied. The first part of a name wins.
 */
final class MultipartForm {

    /** One field: a text value, or a file when it has a {@code filename}. */
    record Part(String name, String filename, byte[] array, int offset, int length) {
        String text() {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    Part part(String name) {
        return parts.get(name);
    }

    Map<String, Part> parts() {
        return parts;
    }

    static MultipartForm parse(String contentType, byte[] body, int length) {
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw malformed("the Content-Type has no boundary");
        }
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at;
        if (startsWith(body, 0, length, delimiter, 2)) {
            at = delimiter.length - 2; // the first delimiter may open the body without the CRLF the others have
        } else {
            int found = indexOf(body, 0, length, delimiter);
            if (found < 0) {
                throw malformed("the body holds no part delimited by its boundary");
            }
            at = found + delimiter.length;
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        while (true) {
            if (startsWith(body, at, length, new byte[] {'-', '-'}, 0)) {
                return new MultipartForm(parts); // the closing delimiter
            }
            if (!startsWith(body, at, length, CRLF, 0)) {
                throw malformed("a boundary is not followed by a line break");
            }
            int headersStart = at + 2;
            int headersEnd = indexOf(body, headersStart, length, HEADERS_END);
            if (headersEnd < 0) {
                throw malformed("a part's headers do not end");
            }
            int contentStart = headersEnd + HEADERS_END.length;
            int contentEnd = indexOf(body, contentStart, length, delimiter);
            if (contentEnd < 0) {
                throw malformed("the body ends inside a part (no closing boundary)");
            }
            Part part = part(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8), body,
                    contentStart, contentEnd - contentStart);
            parts.putIfAbsent(part.name(), part);
            at = contentEnd + delimiter.length;
        }
    }

    private static Part part(String headers, byte[] body, int offset, int length) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String disposition = line.substring(colon + 1);
                String name = parameter(disposition, "name");
                if (name == null) {
                    throw malformed("a part's Content-Disposition has no name");
                }
                return new Part(name, parameter(disposition, "filename"), body, offset, length);
            }
        }
        throw malformed("a part has no Content-Disposition header");
    }

    /** A {@code ; key=value} or {@code ; key="value"} parameter of a header value, or null. */
    private static String parameter(String header, String key) {
        if (header == null) {
            return null;
        }
        for (String piece : header.split(";")) {
            int eq = piece.indexOf('=');
            if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase(key)) {
                String value = piece.substring(eq + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static int indexOf(byte[] body, int from, int length, byte[] pattern) {
        byte first = pattern[0];
        for (int i = from, last = length - pattern.length; i <= last; i++) {
            if (body[i] == first && startsWith(body, i, length, pattern, 0)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code body[at..]} starts with {@code pattern[skip..]}. */
    private static boolean startsWith(byte[] body, int at, int length, byte[] pattern, int skip) {
        if (at + pattern.length - skip > length) {
            return false;
        }
        for (int i = skip; i < pattern.length; i++) {
            if (body[at + i - skip] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static MediaRejected malformed(String why) {
        return MediaRejected.invalid(null, "The multipart/form-data body is malformed: " + why + ".");
    }
}
