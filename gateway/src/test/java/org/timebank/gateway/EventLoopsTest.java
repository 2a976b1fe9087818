package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.internal.VertxInternal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EVENT_LOOPS sets the gateway's event-loop threads (default: the cores), and one is enough to serve. */
class EventLoopsTest {
    private static int eventLoops(Gateway g) {
        int n = 0;
        for (var ignored : ((VertxInternal) g.vertx()).nettyEventLoopGroup()) n++;
        return n;
    }

    @Test
    void theGatewayRunsTheConfiguredEventLoopsAndServesOnOne() throws Exception {
        try (GatewayFixture f = new GatewayFixture(Map.of("EVENT_LOOPS", "1"))) {
            assertEquals(1, eventLoops(f.gateway));
            Map<String, String> dial = Map.of("sessionId", "el-1", "serviceCode", "*384*123#", "phoneNumber", "+85291230011", "text", "");
            GatewayFixture.Answer first = f.form("/ussd/africastalking", dial);
            assertEquals(200, first.status());
            assertTrue(first.body().startsWith("CON Welcome"), first.body());
            assertEquals(1, f.count("SELECT count(*) FROM ussd_sessions WHERE session_id = 'el-1'"));
        }
        try (GatewayFixture f = new GatewayFixture(Map.of())) {
            assertEquals(Runtime.getRuntime().availableProcessors(), eventLoops(f.gateway), "one per core, not Vert.x's two");
        }
    }
}
