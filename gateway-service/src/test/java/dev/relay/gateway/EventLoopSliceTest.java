package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.gateway.config.KernelSlices;
import dev.relay.gateway.fleet.FakeFleet;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request path's threads run with a short scheduling slice, so that a woken event loop is run at once. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class EventLoopSliceTest {

    @Inject
    Vertx vertx;

    @Test
    void everyEventLoopRunsWithTheConfiguredSlice() throws Exception {
        assumeTrue(KernelSlices.customSlicesSupported(), "Linux 6.12+ only");
        List<Long> slices = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            slices.add(loop.submit(KernelSlices::callingThreadSlice).get());
        }

        assertFalse(slices.isEmpty());
        slices.forEach(slice -> assertEquals(100_000L, slice));
    }
}
