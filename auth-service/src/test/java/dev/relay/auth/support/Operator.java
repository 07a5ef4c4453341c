package dev.relay.auth.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Sets up accounts and keys through the operator API, the way an operator (or ./relay up) does. */
public final class Operator {

    private Operator() {
    }

    public static String token() {
        return ConfigProvider.getConfig().getValue("relay.auth.operator-token", String.class);
    }

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + token()).contentType("application/json");
    }

    public static String createAccount(String tier) {
        return authorized().body("{\"name\":\"test\",\"tier\":\"" + tier + "\"}")
                .when().post("/operator/accounts")
                .then().statusCode(201).extract().path("id");
    }

    /** Creates a key with this request body; answers the 201 body (with the secret). */
    public static JsonPath createKey(String accountId, String body) {
        return given().contentType("application/json").body(body)
                .when().post("/internal/accounts/" + accountId + "/keys")
                .then().statusCode(201).extract().jsonPath();
    }
}
