package dev.relay.billing.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The operator API as the operator calls it, with the test token. */
public final class Operator {

    public static final String TOKEN = "test-operator-token-0b1ll1ng";

    private Operator() {
    }

    public static ValidatableResponse topUp(String accountId, long amountMicro, String reference) {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": " + amountMicro + ", \"reference\": \"" + reference + "\"}")
                .post("/operator/accounts/{id}/credits", accountId).then();
    }

    public static ValidatableResponse setPrice(String model, long inPerMillion, long outPerMillion) {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"input_per_million_micro\": " + inPerMillion + ", \"output_per_million_micro\": "
                        + outPerMillion + "}")
                .put("/operator/prices/" + model).then();
    }

    public static long balance(String accountId) {
        return given().get("/internal/accounts/{id}/balance", accountId).then().statusCode(200)
                .extract().jsonPath().getLong("credits_micro");
    }
}
