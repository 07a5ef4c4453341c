package dev.relay.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.relay.auth.service.ApiKeyHasher;
import dev.relay.auth.support.KeyEventsTap;
import dev.relay.auth.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class OperatorApiTest {

    @ParameterizedTest
    @CsvSource({"POST,/operator/accounts", "GET,/operator/accounts/acct_x", "PUT,/operator/accounts/acct_x/tier",
            "POST,/operator/accounts/acct_x/keys"})
    void everyOperatorCallIsRefusedWithoutToken(String method, String path) {
        call(given(), method, path).then().statusCode(401).body("error.type", equalTo("authentication_error"));
    }

    @ParameterizedTest
    @CsvSource({"POST,/operator/accounts", "GET,/operator/accounts/acct_x", "PUT,/operator/accounts/acct_x/tier",
            "POST,/operator/accounts/acct_x/keys"})
    void everyOperatorCallIsRefusedWithWrongToken(String method, String path) {
        call(given().header("Authorization", "Bearer " + Operator.token() + "x"), method, path)
                .then().statusCode(401).body("error.type", equalTo("authentication_error"));
    }

    @Test
    void tokenMustBeSentAsBearer() {
        given().header("Authorization", Operator.token()).when().get("/operator/accounts/acct_x").then().statusCode(401);
    }

    @Test
    void operatorCreatesAnAccount() {
        Operator.authorized().body("{\"name\":\"Acme\",\"tier\":\"pro\"}")
                .when().post("/operator/accounts")
                .then().statusCode(201)
                .body("id", startsWith("acct_"))
                .body("name", equalTo("Acme"))
                .body("tier", equalTo("pro"));
    }

    @Test
    void operatorReadsAnAccount() {
        String account = Operator.createAccount("max");

        Operator.authorized().when().get("/operator/accounts/" + account)
                .then().statusCode(200).body("id", equalTo(account)).body("tier", equalTo("max"));
    }

    @Test
    void operatorIssuesTheFirstKey() {
        String account = Operator.createAccount("basic");

        String secret = Operator.authorized().body("{\"name\":\"first\",\"rpm_limit\":600}")
                .when().post("/operator/accounts/" + account + "/keys")
                .then().statusCode(201).body("rpm_limit", equalTo(600)).extract().path("key");

        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(secret))
                .then().statusCode(200).body("accountId", equalTo(account));
    }

    @Test
    void tierChangeIsSeenByKeyLookups() {
        String account = Operator.createAccount("basic");
        String secret = Operator.createKey(account, "{\"name\":\"ci\"}").getString("key");

        Operator.authorized().body("{\"tier\":\"max\"}").when().put("/operator/accounts/" + account + "/tier")
                .then().statusCode(200).body("tier", equalTo("max"));

        given().when().get("/internal/keys/" + ApiKeyHasher.sha256Hex(secret)).then().body("tier", equalTo("max"));
    }

    @Test
    void tierChangePublishesUpdatedForEveryKeyOfTheAccount() {
        String account = Operator.createAccount("basic");
        String first = Operator.createKey(account, "{\"name\":\"one\"}").getString("id");
        String second = Operator.createKey(account, "{\"name\":\"two\"}").getString("id");

        Operator.authorized().body("{\"tier\":\"pro\"}").when().put("/operator/accounts/" + account + "/tier")
                .then().statusCode(200);

        KeyEventsTap.await(first, "UPDATED");
        KeyEventsTap.await(second, "UPDATED");
    }

    @Test
    void unknownTierIsRefusedNamingTheParameter() {
        Operator.authorized().body("{\"name\":\"x\",\"tier\":\"platinum\"}").when().post("/operator/accounts")
                .then().statusCode(400).body("error.param", equalTo("tier")).body("error.code", equalTo("invalid_value"));
    }

    @Test
    void noAccountCanBeOnTheGuestTier() {
        Operator.authorized().body("{\"tier\":\"guest\"}")
                .when().put("/operator/accounts/" + Operator.createAccount("basic") + "/tier")
                .then().statusCode(400).body("error.param", equalTo("tier"));
    }

    @Test
    void tierChangeOfUnknownAccountIsNotFound() {
        Operator.authorized().body("{\"tier\":\"pro\"}").when().put("/operator/accounts/acct_missing/tier")
                .then().statusCode(404);
    }

    private static io.restassured.response.Response call(RequestSpecification request, String method, String path) {
        return request.contentType("application/json").body("{\"name\":\"x\",\"tier\":\"pro\"}")
                .when().request(method, path);
    }
}
