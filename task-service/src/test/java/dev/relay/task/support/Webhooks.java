package dev.relay.task.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.Map;

/** Registering webhook endpoints over the internal API, as a gateway does for its callers. */
public final class Webhooks {

    private Webhooks() {
    }

    public static Response register(String account, Map<String, ?> body) {
        return given().queryParam("account_id", account).contentType("application/json").body(body)
                .post("/internal/webhooks");
    }
}
