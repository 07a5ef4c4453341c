package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TiersTest {

    @Test
    void tiersAreListedInIssueOrderWithTheirLimits() {
        given().when().get("/internal/tiers")
                .then().statusCode(200)
                .body("keySet()", contains("guest", "basic", "pro", "max", "custom"))
                .body("guest.rpm", equalTo(10))
                .body("basic.rpm", equalTo(60))
                .body("pro.rpm", equalTo(300))
                .body("max.rpm", equalTo(1000))
                .body("guest.modeRpm.direct", equalTo(10))
                .body("guest.modeRpm.opengpu", equalTo(10));
    }
}
