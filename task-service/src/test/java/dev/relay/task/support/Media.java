package dev.relay.task.support;

import static io.restassured.RestAssured.given;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.util.Random;

/** Uploading and reading a task's media over the internal API, as gateways and executors do. */
public final class Media {

    private Media() {
    }

    public static String path(String taskId, String name) {
        return "/internal/tasks/" + taskId + "/media/" + name;
    }

    /** RestAssured would append {@code ; charset=ISO-8859-1} to the type: media are sent with theirs as it is. */
    public static final RestAssuredConfig AS_GIVEN = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    public static Response put(String taskId, String name, String accountId, String contentType, byte[] bytes) {
        return given().config(AS_GIVEN).queryParam("account_id", accountId).contentType(contentType).body(bytes)
                .put(path(taskId, name));
    }

    public static Response get(String taskId, String name, String accountId) {
        return given().queryParam("account_id", accountId).get(path(taskId, name));
    }

    public static Response head(String taskId, String name, String accountId) {
        return given().queryParam("account_id", accountId).head(path(taskId, name));
    }

    /** Bytes that repeat nowhere, so that a chunk out of place or from another upload shows. */
    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** Bytes no text encoding would keep: every byte value, NUL and high bytes included. */
    public static byte[] binary(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
