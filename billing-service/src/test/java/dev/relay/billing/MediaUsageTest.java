package dev.relay.billing;

import static dev.relay.billing.support.Operator.balance;
import static dev.relay.billing.support.Operator.topUp;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Image, speech, transcription and video requests, charged per image and per second (seed prices of the models). */
@QuarkusTest
class MediaUsageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Test
    void anImageEventIsChargedItsImagesAtThePerImagePrice() {
        assertEquals(3 * 30_000, charged(UsageEvents.media(UsageEvents.newAccount(), "flux", 3, 0)));
    }

    @Test
    void aSpeechEventIsChargedItsSecondsProRataRoundedUpToAWholeMicroDollar() {
        // sesame: 1000 micro-dollars a second, so a millisecond costs exactly 1 and 2.5 s cost 2500.
        assertEquals(1, charged(UsageEvents.media(UsageEvents.newAccount(), "sesame", 0, 1)));
        assertEquals(2_500, charged(UsageEvents.media(UsageEvents.newAccount(), "sesame", 0, 2_500)));
        // whisper: 100 a second, so 7 ms is 0.7 micro-dollars, rounded up to 1.
        assertEquals(1, charged(UsageEvents.media(UsageEvents.newAccount(), "whisper", 0, 7)));
    }

    @Test
    void aMediaChargeAboveTheHoldIsCappedAtTheHold() {
        // wan-25: 8 s of video at 50000 a second is 400000, more than the 250000 held.
        UsageEvent video = UsageEvents.media(UsageEvents.newAccount(), "wan-25", 0, 8_000,
                "res_" + UUID.randomUUID(), 250_000);
        assertEquals(250_000, charged(video));
    }

    @Test
    void aMediaModelWithoutAPriceIsChargedTheDefaultPerImageAndPerSecond() {
        String account = UsageEvents.newAccount();
        // Default price: 40000 an image, 5000 a second.
        assertEquals(2 * 40_000 + 1_500 * 5_000 / 1_000,
                charged(UsageEvents.media(account, "no-such-media-model-" + account, 2, 1_500)));
    }

    @Test
    void replayingAMediaEventChargesItOnce() {
        String account = UsageEvents.newAccount();
        topUp(account, 1_000_000, "ref-" + account).statusCode(200);
        UsageEvent images = UsageEvents.media(account, "qwen-image", 2, 0);
        usage.publish(images);
        await().atMost(WAIT).until(() -> balance(account) == 1_000_000 - 2 * 20_000);

        // Same account, same partition: once the marker is settled, the replayed copy before it was consumed.
        UsageEvent marker = UsageEvents.media(account, "sesame", 0, 1);
        usage.publish(images, marker);

        await().atMost(WAIT).until(() -> ledger.entries(account) == 3);
        assertEquals(1_000_000 - 2 * 20_000 - 1, balance(account));
    }

    @Test
    void negativeMediaCountsChargeAndCreditNothing() {
        assertEquals(0, charged(UsageEvents.media(UsageEvents.newAccount(), "flux", -5, -60_000)));
    }

    @Test
    void anEventFromAProducerThatPredatesMediaIsChargedItsTokensOnly() {
        UsageEvent chat = UsageEvents.event(UsageEvents.newAccount(), "gpt-oss:20b", 1000, 2000);

        usage.publishWithoutMediaFields(chat);

        await().atMost(WAIT).until(() -> ledger.entries(chat.accountId()) == 1);
        assertEquals(ExpectedCost.of(1000, 2000, 50_000, 200_000), ledger.debitOf(chat.eventId()));
    }

    @Test
    void theUsageListingShowsImagesAndSeconds() {
        String account = UsageEvents.newAccount();
        UsageEvent images = UsageEvents.media(account, "flux", 2, 0);
        UsageEvent transcription = UsageEvents.media(account, "whisper", 0, 3_250);
        usage.publish(images, transcription);
        await().atMost(WAIT).until(() -> ledger.entries(account) == 2);

        // Decimals read as BigDecimal: media_seconds must be a JSON number, exact.
        JsonPath page = given().get("/internal/accounts/{id}/usage", account).then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(NumberReturnType.BIG_DECIMAL));

        String line = "data.find { it.id == '%s' }.";
        assertEquals(2, page.getLong(line.formatted(images.eventId()) + "images"));
        assertEquals(0, page.getInt(line.formatted(images.eventId()) + "media_seconds"));
        assertEquals(60_000, page.getLong(line.formatted(images.eventId()) + "cost_micro"));
        assertEquals(0, page.getLong(line.formatted(transcription.eventId()) + "images"));
        assertEquals(new BigDecimal("3.25"), page.get(line.formatted(transcription.eventId()) + "media_seconds"));
        assertEquals(325, page.getLong(line.formatted(transcription.eventId()) + "cost_micro"));
        assertEquals(0, page.getLong(line.formatted(transcription.eventId()) + "prompt_tokens"));
    }

    /** Publishes the first event of its account and waits for it in the ledger: what it was debited. */
    private long charged(UsageEvent event) {
        usage.publish(event);
        await().atMost(WAIT).until(() -> ledger.entries(event.accountId()) == 1);
        return ledger.debitOf(event.eventId());
    }
}
