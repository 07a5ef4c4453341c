package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class MalformedRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "not json", "[1,2]", "\"text\"", "{\"name\":\"ci\"}x",
            "{\"name\":\"ci\"}{\"rpm_limit\":1000}"})
    void malformedKeyRequestIsRefusedInTheOpenAiEnvelope(String body) {
        given().contentType("application/json").body(body)
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "{\"name\":\"x\",\"tier\":7}", "{\"tier\":\"pro\"}"})
    void malformedAccountRequestIsRefused(String body) {
        Operator.authorized().body(body)
                .when().post("/operator/accounts")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void anUnknownFieldInAKeyRequestIsRefusedNamingIt() {
        given().contentType("application/json").body("{\"name\":\"ci\",\"rpm_limt\":5}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("rpm_limt"))
                .body("error.code", equalTo("unknown_parameter"));
    }

    @Test
    void anUnknownFieldWithAControlCharacterIsNotEchoed() {
        given().contentType("application/json").body("{\"a\\u001b[31mb\":1}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.code", equalTo("unknown_parameter"))
                .body("error.message", equalTo("Unrecognized request argument supplied: (a field name with control characters)"));
    }

    @Test
    void anUnknownPathIsANotFoundInTheOpenAiEnvelope() {
        given().when().get("/internal/nothing-here")
                .then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("not_found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"allowed_models\":\"m\"}", "{\"allowed_models\":[1]}", "{\"allowed_models\":[\" \"]}"})
    void allowedModelsMustBeAListOfNames(String body) {
        given().contentType("application/json").body(body)
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.param", equalTo("allowed_models"));
    }

    /** JSON escapes of control characters: PostgreSQL refuses to store the first (NUL) at all. */
    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\n"})
    void keyNameWithAControlCharacterIsRefusedNamingTheParameter(String control) {
        given().contentType("application/json").body("{\"name\":\"a" + control + "b\",\"rpm_limit\":5}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("name"))
                .body("error.code", equalTo("invalid_value"));
    }

    /** PostgreSQL would store a lone half of a surrogate pair as '?': the name read back would differ. */
    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udc00x", "\\ud83d"})
    void keyNameWithAnUnpairedSurrogateIsRefusedNamingTheParameter(String lone) {
        given().contentType("application/json").body("{\"name\":\"a" + lone + "\",\"rpm_limit\":5}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.param", equalTo("name"))
                .body("error.code", equalTo("invalid_value"));
    }

    @Test
    void keyNameWithCharactersBeyondTheBasicPlaneIsStoredAsGiven() {
        String account = Operator.createAccount("basic");
        given().contentType("application/json").body("{\"name\":\"rocket \\ud83d\\ude80\",\"rpm_limit\":5}")
                .when().post("/internal/accounts/" + account + "/keys")
                .then().statusCode(201);

        given().when().get("/internal/accounts/" + account + "/keys")
                .then().statusCode(200)
                .body("keys[0].name", equalTo("rocket \ud83d\ude80"));
    }

    @Test
    void aKeyNameIsMeasuredInCharactersAsReadNotInUtf16Units() {
        String account = Operator.createAccount("basic");
        String rocket = "\\ud83d\\ude80";
        given().contentType("application/json").body("{\"name\":\"" + rocket.repeat(100) + "\"}")
                .when().post("/internal/accounts/" + account + "/keys").then().statusCode(201);
        given().contentType("application/json").body("{\"name\":\"" + rocket.repeat(101) + "\"}")
                .when().post("/internal/accounts/" + account + "/keys").then().statusCode(400)
                .body("error.param", equalTo("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\n"})
    void allowedModelWithAControlCharacterIsRefusedNamingTheParameter(String control) {
        given().contentType("application/json").body("{\"allowed_models\":[\"a" + control + "b\"]}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("allowed_models"))
                .body("error.code", equalTo("invalid_value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\n"})
    void accountNameWithAControlCharacterIsRefusedNamingTheParameter(String control) {
        Operator.authorized().body("{\"name\":\"Ac" + control + "me\",\"tier\":\"pro\"}")
                .when().post("/operator/accounts")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("name"))
                .body("error.code", equalTo("invalid_value"));
    }

    /** No stored id holds a control character, so such an id names nothing, like any unknown one. */
    @ParameterizedTest
    @CsvSource({"GET,/internal/accounts/{id}/keys", "POST,/internal/accounts/{id}/keys",
            "DELETE,/internal/accounts/{id}/keys/key_x", "DELETE,/internal/accounts/acct_x/keys/{id}",
            "GET,/operator/accounts/{id}", "PUT,/operator/accounts/{id}/tier", "POST,/operator/accounts/{id}/keys"})
    void idWithAControlCharacterIsNotFound(String method, String path) {
        Operator.authorized().body(path.endsWith("/tier") ? "{\"tier\":\"pro\"}" : "{}")
                .when().request(method, path, "acct_\u0000x")
                .then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("not_found"));
    }
}
