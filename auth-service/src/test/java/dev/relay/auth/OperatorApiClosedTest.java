package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without RELAY_OPERATOR_TOKEN the operator API admits nobody, whatever token is presented. */
@QuarkusTest
@TestProfile(OperatorApiClosedTest.NoOperatorToken.class)
class OperatorApiClosedTest {

    public static class NoOperatorToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.auth.operator-token", "");
        }
    }

    @Test
    void operatorApiIsClosedWhenNoTokenIsConfigured() {
        for (String token : new String[] {"", "test-operator-token-d41d8cd98f00b204", "null"}) {
            given().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body("{\"name\":\"x\",\"tier\":\"pro\"}")
                    .when().post("/operator/accounts")
                    .then().statusCode(401).body("error.type", equalTo("authentication_error"));
        }
    }
}
