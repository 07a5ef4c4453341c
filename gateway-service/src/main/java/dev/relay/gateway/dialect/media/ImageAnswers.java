package dev.relay.gateway.dialect.media;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of an OpenAI images answer, {@code {"data":[{"b64_json","revised_prompt"},...]}}, decoded as the answer
 * is read: an image's base64 text (a third larger than the image, twice that as Java chars) is never held, only its
 * bytes.
 */
public final class ImageAnswers {

    /** Standard base64, padded or not, as the JDK's decoder takes it. */
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    /** One image: its bytes, and the prompt the model drew it for (null when the worker gave none). */
    public record Image(byte[] bytes, String revisedPrompt) {
    }

    private ImageAnswers() {
    }

    /**
     * The answer's images, at most {@code most} (more is not the answer asked for). Fails with an
     * {@link IOException} when the answer is not of that shape.
     */
    public static List<Image> read(JsonFactory json, InputStream answer, int most) throws IOException {
        List<Image> images = new ArrayList<>();
        try (JsonParser parser = json.createParser(answer)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"data".equals(field) || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    expect(parser.currentToken() == JsonToken.START_OBJECT && images.size() < most, parser);
                    images.add(image(parser));
                }
            }
        }
        return images;
    }

    private static Image image(JsonParser parser) throws IOException {
        byte[] bytes = null;
        String prompt = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("b64_json".equals(field) && value == JsonToken.VALUE_STRING) {
                bytes = parser.getBinaryValue(BASE64);
            } else if ("revised_prompt".equals(field) && value == JsonToken.VALUE_STRING) {
                prompt = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        expect(bytes != null, parser);
        return new Image(bytes, prompt);
    }

    private static void expect(boolean shape, JsonParser parser) throws IOException {
        if (!shape) {
            throw new IOException("not an images answer at " + parser.currentLocation());
        }
    }
}
