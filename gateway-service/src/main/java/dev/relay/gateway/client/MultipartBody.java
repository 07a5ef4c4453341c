package dev.relay.gateway.client;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and one file, as OpenAI's transcription endpoint takes
 * it. Written here because the media calls use Vert.x's core client (whose answers can be cut off unread), which has
 * no form encoder; the boundary is random, so no field's text can end a part early.
 */
record MultipartBody(String contentType, Buffer bytes) {

    static MultipartBody of(Map<String, String> fields, String fileField, String fileName, String fileType,
            byte[] file) {
        String boundary = "relay-" + UUID.randomUUID();
        String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"";
        Buffer body = Buffer.buffer(file.length + 512);
        fields.forEach((name, value) -> body.appendString(part + name + "\"\r\n\r\n" + value + "\r\n",
                StandardCharsets.UTF_8.name()));
        body.appendString(part + fileField + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + fileType
                + "\r\n\r\n");
        body.appendBytes(file);
        body.appendString("\r\n--" + boundary + "--\r\n");
        return new MultipartBody("multipart/form-data; boundary=" + boundary, body);
    }
}
