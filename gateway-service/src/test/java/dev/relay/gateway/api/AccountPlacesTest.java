package dev.relay.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.gateway.api.AccountPlaces.Refusal;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The places of transcription uploads and media downloads: a few per gateway, some per account. */
class AccountPlacesTest {

    /** Places of which one was taken, in order, for each of {@code accounts} (a refusal takes none). */
    private static AccountPlaces takenBy(int total, int perAccount, String... accounts) {
        AccountPlaces places = new AccountPlaces(total, perAccount, "account full", "gateway full");
        for (String account : accounts) {
            places.take(account);
        }
        return places;
    }

    @Test
    void anAccountPastItsOwnPlacesIsRefusedWhileAnotherAccountIsGivenOne() {
        AccountPlaces places = takenBy(3, 2, "a", "a");

        assertEquals(Refusal.ACCOUNT_FULL, places.take("a"));
        assertNull(places.take("b"));
    }

    @Test
    void oncePlacesOfTheGatewayAreAllTakenEveryAccountIsRefused() {
        assertEquals(Refusal.GATEWAY_FULL, takenBy(2, 2, "a", "b").take("c"));
    }

    @Test
    void aPlaceGivenBackIsGivenToTheNextRequest() {
        AccountPlaces places = takenBy(1, 1, "a");
        places.giveBack("a");

        assertNull(places.take("a"));
    }

    @Test
    void anAccountRefusedForWantOfTheGatewaysPlacesKeepsItsOwn() {
        AccountPlaces places = takenBy(1, 1, "a", "b"); // b refused: the gateway's only place is a's
        places.giveBack("a");

        assertNull(places.take("b"));
    }

    @Test
    void aClientGoneBeforeItsPlaceWasTakenLeavesThePlaceFree() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AccountPlaces places = new AccountPlaces(1, 1, "account full", "gateway full");
            CompletableFuture<Void> arrived = new CompletableFuture<>();
            CompletableFuture<Boolean> taken = new CompletableFuture<>();
            Router router = Router.router(vertx);
            // Admitted only once its client has left, as a slow admission (Redis, auth) would find it.
            router.get("/").handler(ctx -> {
                arrived.complete(null);
                vertx.setPeriodic(5, timer -> {
                    if (ctx.response().closed()) {
                        vertx.cancelTimer(timer);
                        taken.complete(places.takeUntilAnswered(ctx, "a", (c, failure) -> c.response().end()));
                    }
                });
            });
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (Socket client = new Socket("127.0.0.1", server.actualPort())) {
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                arrived.get(10, TimeUnit.SECONDS);
            }

            assertFalse(taken.get(10, TimeUnit.SECONDS));
            assertNull(places.take("a"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
