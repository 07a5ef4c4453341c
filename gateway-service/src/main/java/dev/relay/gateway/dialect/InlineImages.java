package dev.relay.gateway.dialect;

import dev.relay.gateway.proxy.DataUrl;

/**
 * Checks on images sent inline, as base64 text: each dialect refuses one that is not, as OpenAI, Anthropic and Ollama
 * do, instead of paying a worker to fail on it (or, worse, to answer about an image it could not read).
 */
public final class InlineImages {

    private InlineImages() {
    }

    /**
     * Whether {@code text} is standard base64 (RFC 4648's alphabet, with or without its padding). Line breaks are
     * allowed, as Ollama and most decoders skip them and some encoders write them every 76 characters.
     */
    public static boolean isBase64(String text) {
        return isBase64(text, 0);
    }

    private static boolean isBase64(String text, int from) {
        int digits = 0;
        int padding = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                continue;
            }
            if (c == '=') {
                padding++;
            } else if (padding > 0 || !isBase64Digit(c)) {
                return false; // a digit after padding, or a character base64 does not have
            } else {
                digits++;
            }
        }
        int total = digits + padding;
        return digits > 0 && padding <= 2 && total % 4 != 1 && (padding == 0 || total % 4 == 0);
    }

    /**
     * Whether an image part's URL may go to a worker: a {@code data:} URL must be {@code data:image/...;base64,} and
     * base64; any other URL is the worker's to fetch or refuse (the gateway fetches nothing for a client).
     */
    public static boolean isAcceptableUrl(String url) {
        if (!DataUrl.is(url)) {
            return true;
        }
        int payload = DataUrl.base64PayloadStart(url);
        return payload > 0 && DataUrl.isImage(url) && isBase64(url, payload);
    }

    private static boolean isBase64Digit(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
