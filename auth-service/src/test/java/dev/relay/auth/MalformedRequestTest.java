package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class MalformedRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "not json", "[1,2]", "\"text\""})
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

    @ParameterizedTest
    @ValueSource(strings = {"{\"allowed_models\":\"m\"}", "{\"allowed_models\":[1]}", "{\"allowed_models\":[\" \"]}"})
    void allowedModelsMustBeAListOfNames(String body) {
        given().contentType("application/json").body(body)
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.param", equalTo("allowed_models"));
    }
}
