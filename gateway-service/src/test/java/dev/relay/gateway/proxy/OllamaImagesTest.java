package dev.relay.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode imageParts(String url) throws Exception {
        return JSON.readTree("[{\"type\":\"text\",\"text\":\"what is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:image/png;base64,iVBORw0KGgo=", "DATA:image/png;base64,iVBORw0KGgo=",
            "Data:image/png;base64,iVBORw0KGgo=", "data:image/png;BASE64,iVBORw0KGgo="})
    void aDataUrlInAnyCaseReachesOllamaAsItsBase64PayloadAlone(String url) throws Exception {
        JsonNode images = OllamaImages.fromContentParts(JSON, imageParts(url));

        assertEquals(1, images.size());
        assertEquals("iVBORw0KGgo=", images.get(0).asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:image/png;base64,iVBORw0KGgo=", "DATA:image/png;base64,iVBORw0KGgo="})
    void aDataUrlInAnyCaseIsNotAnImageByUrl(String url) throws Exception {
        assertFalse(OllamaImages.anyByUrl(JSON.createArrayNode().add(
                JSON.createObjectNode().put("role", "user").set("content", imageParts(url)))));
    }

    @ParameterizedTest
    @CsvSource({"iVBORw0KGgo,iVBORw0KGgo=", "aGk,aGk=", "QQ,QQ==", "aGk=,aGk=",
            "QUJD,QUJD"})
    void base64WithoutItsPaddingReachesOllamaPadded(String sent, String expected) throws Exception {
        JsonNode images = OllamaImages.fromContentParts(JSON, imageParts("data:image/png;base64," + sent));

        assertEquals(expected, images.get(0).asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/cat.png", "http://data:80/cat.png"})
    void anyOtherUrlIsAnImageByUrl(String url) throws Exception {
        assertTrue(OllamaImages.anyByUrl(JSON.createArrayNode().add(
                JSON.createObjectNode().put("role", "user").set("content", imageParts(url)))));
    }
}
