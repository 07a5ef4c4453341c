package dev.relay.simulator.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relay.simulator.service.MediaRejected;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    private static final String TYPE = "multipart/form-data; boundary=\"XyZ\"";

    private static byte[] form(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void readsTextFieldsAndFileBytesThatContainLineBreaksAndDashes() {
        byte[] file = "RIFF\r\n--Xy\r\na--XyZ\0\1\2".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = form(file);

        MultipartForm form = MultipartForm.parse(TYPE, body, body.length);

        assertEquals("whisper", form.part("model").text());
        assertNull(form.part("model").filename());
        MultipartForm.Part part = form.part("file");
        assertEquals("a.wav", part.filename());
        assertArrayEquals(file, Arrays.copyOfRange(part.array(), part.offset(), part.offset() + part.length()));
    }

    @Test
    void bodyWithoutClosingBoundaryIsRefused() {
        byte[] body = Arrays.copyOf(form(new byte[] {1, 2, 3}), 120);

        MediaRejected refused = assertThrows(MediaRejected.class, () -> MultipartForm.parse(TYPE, body, body.length));
        assertEquals(400, refused.status());
    }

    @Test
    void contentTypeWithoutBoundaryIsRefused() {
        byte[] body = form(new byte[0]);

        assertThrows(MediaRejected.class, () -> MultipartForm.parse("multipart/form-data", body, body.length));
    }
}
