package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class RpmLimitTest {

    @Test
    void rpmLimitDefaultsToSixty() {
        int rpm = Operator.createKey(Operator.createAccount("basic"), "{\"name\":\"ci\"}").getInt("rpm_limit");

        assertEquals(60, rpm);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void rpmLimitAcceptsItsBounds(int rpm) {
        int stored = Operator.createKey(Operator.createAccount("basic"), "{\"rpm_limit\":" + rpm + "}").getInt("rpm_limit");

        assertEquals(rpm, stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1001", "60.5", "\"60\"", "true", "99999999999"})
    void rpmLimitOutsideOneToThousandIsRefusedNamingTheParameter(String rpm) {
        given().contentType("application/json").body("{\"name\":\"ci\",\"rpm_limit\":" + rpm + "}")
                .when().post("/internal/accounts/" + Operator.createAccount("basic") + "/keys")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("rpm_limit"))
                .body("error.code", equalTo("invalid_value"));
    }
}
