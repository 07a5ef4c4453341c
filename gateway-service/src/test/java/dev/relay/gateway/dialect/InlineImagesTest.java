package dev.relay.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InlineImagesTest {

    @ParameterizedTest
    @ValueSource(strings = {"iVBORw0KGgo=", "/9j/4AAQSkZJRg==", "AA==", "AAA", "aGk", "QUJD\nREVG\r\n"})
    void base64WithOrWithoutPaddingAndWithLineBreaksIsBase64(String text) {
        assertTrue(InlineImages.isBase64(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "A", "AAAAA", "AA=", "A===", "AA==AA", "not base64!", "aGk-", "aGk_", "data:x"})
    void anythingElseIsNot(String text) {
        assertFalse(InlineImages.isBase64(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/cat.png", "data:image/png;base64,iVBORw0KGgo=",
            "DATA:image/jpeg;base64,/9j/4AAQSkZJRg==", "data:image/png;BASE64,iVBORw0KGgo="})
    void anImageDataUrlOrAnyOtherUrlIsAcceptable(String url) {
        assertTrue(InlineImages.isAcceptableUrl(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:image/png;base64,%%%", "data:text/plain;base64,aGk=", "data:image/png,iVBORw0KGgo=",
            "data:;base64,aGk="})
    void aDataUrlThatIsNotBase64ImageDataIsNot(String url) {
        assertFalse(InlineImages.isAcceptableUrl(url));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 100, 1001})
    void whatJavasEncoderWritesIsBase64(int bytes) {
        byte[] image = new byte[bytes];
        new Random(bytes).nextBytes(image);
        assertTrue(InlineImages.isBase64(Base64.getEncoder().encodeToString(image)));
        assertTrue(InlineImages.isBase64(Base64.getEncoder().withoutPadding().encodeToString(image)));
        assertTrue(InlineImages.isBase64(Base64.getMimeEncoder().encodeToString(image)));
    }
}
