package dev.relay.billing;

import static dev.relay.billing.support.Operator.TOKEN;
import static dev.relay.billing.support.Operator.balance;
import static dev.relay.billing.support.Operator.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperatorApiTest {

    @Inject
    Ledger ledger;

    @Test
    void topUpWithTheSameReferenceIsAppliedOnce() {
        String account = UsageEvents.newAccount();
        String reference = "topup-" + account;

        topUp(account, 4_500_000, reference).statusCode(200)
                .body("credits_micro", equalTo(4500000)).body("credits_dollars", equalTo(4.5f));
        topUp(account, 4_500_000, reference).statusCode(200).body("credits_micro", equalTo(4500000));

        assertEquals(4_500_000, balance(account));
        assertEquals(1, ledger.entries(account));
    }

    @Test
    void referenceReusedForAnotherAccountIsAConflict() {
        String reference = "topup-" + UsageEvents.newAccount();
        topUp(UsageEvents.newAccount(), 1_000, reference).statusCode(200);

        String other = UsageEvents.newAccount();
        topUp(other, 1_000, reference).statusCode(409).body("error.param", equalTo("reference"));
        assertEquals(0, balance(other));
    }

    @Test
    void balanceInDollarsIsAnExactPlainDecimal() {
        String account = UsageEvents.newAccount();
        topUp(account, 10_000_001, "ref-" + account).statusCode(200);

        String body = given().get("/internal/accounts/{id}/balance", account).then().statusCode(200)
                .extract().asString();
        assertEquals("{\"credits_micro\":10000001,\"credits_dollars\":10.000001}", body);
    }

    @Test
    void unknownAccountHasAZeroBalance() {
        given().get("/internal/accounts/{id}/balance", UsageEvents.newAccount()).then().statusCode(200)
                .body("credits_micro", equalTo(0)).body("credits_dollars", equalTo(0));
    }

    @Test
    void operatorCallsWithoutTheTokenAreRefused() {
        String account = UsageEvents.newAccount();
        given().contentType(ContentType.JSON).body("{\"amount_micro\": 1000, \"reference\": \"x-" + account + "\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
        given().header("Authorization", "Bearer wrong-" + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": 1000, \"reference\": \"y-" + account + "\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"input_per_million_micro\": 1, \"output_per_million_micro\": 1}")
                .put("/operator/prices/Qwen/Qwen3-Coder").then().statusCode(401);

        assertEquals(0, ledger.entries(account));
    }

    @Test
    void malformedJsonIsABadRequestInTheOpenAiEnvelope() {
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body("{\"amount_micro\": ")
                .post("/operator/accounts/{id}/credits", UsageEvents.newAccount()).then().statusCode(400)
                .body("error.code", equalTo("invalid_json"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void nonPositiveOrMistypedAmountIsRefused() {
        String account = UsageEvents.newAccount();
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": -5, \"reference\": \"r-" + account + "\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(400)
                .body("error.param", equalTo("amount_micro"));
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": \"lots\", \"reference\": \"r-" + account + "\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(400)
                .body("error.param", equalTo("amount_micro"));
        assertEquals(0, ledger.entries(account));
    }

    @Test
    void aTopUpBeyondABillionDollarsIsRefusedNotAnOverflow() {
        String account = UsageEvents.newAccount();
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": 9223372036854775807, \"reference\": \"max-" + account + "\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(400)
                .body("error.param", equalTo("amount_micro"));
        assertEquals(0, ledger.entries(account));
    }

    @Test
    void aReferenceWithAControlCharacterIsRefusedNotA500() {
        String account = UsageEvents.newAccount();
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"amount_micro\": 5, \"reference\": \"r\\u0000x\"}")
                .post("/operator/accounts/{id}/credits", account).then().statusCode(400)
                .body("error.param", equalTo("reference"));
        assertEquals(0, ledger.entries(account));
    }

    @Test
    void aPriceForAModelNameWithAControlCharacterOrSurroundingSpacesIsRefused() {
        for (String model : new String[] {"a%00b", "%20", "%20padded"}) {
            given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                    .body("{\"input_per_million_micro\": 1, \"output_per_million_micro\": 1}")
                    .urlEncodingEnabled(false).put("/operator/prices/" + model).then().statusCode(400)
                    .body("error.param", equalTo("model"));
        }
    }
}
