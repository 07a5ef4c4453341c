package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogTest {

    @Test
    void modelsAreListedTheVllmWayWithTheirContextWindow() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", equalTo(List.of(Chats.MODEL, Chats.OTHER_MODEL)))
                .body("data.object", everyItem(equalTo("model")))
                .body("data.max_model_len", everyItem(equalTo(32768)));
    }

    @Test
    void healthIs200() {
        given().get("/health").then().statusCode(200);
    }
}
