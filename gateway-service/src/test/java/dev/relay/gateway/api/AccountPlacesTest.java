package dev.relay.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.relay.gateway.api.AccountPlaces.Refusal;
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
}
