package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Images between Ollama's shape (a message's {@code images}: base64 strings, no media type) and OpenAI's
 * ({@code image_url} content parts, here as {@code data:} URLs), for Ollama clients and Ollama workers alike.
 */
public final class OllamaImages {

    private static final String BASE64 = ";base64,";

    private OllamaImages() {
    }

    /** An Ollama message's text and images as OpenAI content parts; the media type is read off the image's bytes. */
    public static ArrayNode toContentParts(ObjectMapper json, JsonNode text, JsonNode images) {
        ArrayNode parts = json.createArrayNode();
        if (text != null && !text.asText("").isEmpty()) {
            parts.addObject().put("type", "text").put("text", text.asText());
        }
        for (JsonNode image : images) {
            parts.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", "data:" + mediaType(image.asText("")) + BASE64 + image.asText(""));
        }
        return parts;
    }

    /**
     * The images among OpenAI content parts, as Ollama takes them: a {@code data:} URL's base64 payload. A call with
     * any other URL never gets here ({@link #anyByUrl}: the gateway does not fetch URLs on a client's behalf).
     */
    public static ArrayNode fromContentParts(ObjectMapper json, JsonNode content) {
        ArrayNode images = json.createArrayNode();
        if (!content.isArray()) {
            return images;
        }
        for (JsonNode part : content) {
            if ("image_url".equals(part.path("type").asText())) {
                String url = part.path("image_url").path("url").asText("");
                int payload = DataUrl.base64PayloadStart(url);
                images.add(padded(payload < 0 ? url : url.substring(payload)));
            }
        }
        return images;
    }

    /**
     * Base64 with its padding: Ollama reads images as Go reads bytes from JSON, with the padded standard alphabet, and
     * refuses them without it, where OpenAI and Anthropic clients may leave it out.
     */
    static String padded(String base64) {
        int digits = 0;
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c != '\n' && c != '\r') {
                digits++;
            }
        }
        int missing = (4 - digits % 4) % 4;
        return missing == 0 || base64.endsWith("=") ? base64 : base64 + "=".repeat(missing);
    }

    /** Whether any message has an image part whose URL is not a {@code data:} URL. */
    public static boolean anyByUrl(JsonNode messages) {
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                if ("image_url".equals(part.path("type").asText())
                        && !DataUrl.is(part.path("image_url").path("url").asText(""))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The type of the image whose base64 text this is, by the first bytes of the formats vision models take. */
    static String mediaType(String base64) {
        if (base64.startsWith("/9j/")) {
            return "image/jpeg";
        }
        if (base64.startsWith("R0lGOD")) {
            return "image/gif";
        }
        if (base64.startsWith("UklGR")) {
            return "image/webp";
        }
        return "image/png"; // iVBORw0KGgo, and the most common default
    }
}
