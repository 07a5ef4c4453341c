package dev.relay.auth;

import static io.restassured.RestAssured.given;

import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Whether an account exists, as billing asks it on the internal API before it adds credit. */
@QuarkusTest
class AccountExistenceTest {

    @Test
    void anAccountThatExistsIsA204WithoutAnyToken() {
        String account = Operator.createAccount("basic");

        given().when().get("/internal/accounts/" + account).then().statusCode(204);
    }

    @Test
    void anAccountThatDoesNotExistIsA404() {
        given().when().get("/internal/accounts/acct_nobody").then().statusCode(404);
    }
}
