package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.opengpu.TaskBook;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenGpuTasksTest {

    private static final String OPERATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String TASK = "opengpu:6f1c2a0e-1111-4222-8333-944455556666";

    private static OpenGpuTasks operatedBy(String operator) {
        return new OpenGpuTasks(() -> Optional.ofNullable(operator));
    }

    @Test
    void anOpengpuTaskLivesWhereTheOperatorsTaskBookPutsIt() {
        assertEquals(TaskBook.operatedBy(OPERATOR).taskAddress(TASK), operatedBy(OPERATOR).address("opengpu", TASK));
    }

    @Test
    void aDirectTaskHasNoAddress() {
        assertNull(operatedBy(OPERATOR).address("direct", "direct:6f1c2a0e-1111-4222-8333-944455556666"));
    }

    @Test
    void withoutAnOperatorNoTaskHasAnAddress() {
        assertNull(operatedBy(null).address("opengpu", TASK));
        assertNull(operatedBy(" ").address("opengpu", TASK));
    }

    @Test
    void anOperatorThatIsNotAnAddressIsRefusedWithoutBeingRepeated() {
        String key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"; // a key in the wrong variable
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> operatedBy(key));
        assertTrue(refused.getMessage().contains("RELAY_OPENGPU_OPERATOR"), refused.getMessage());
        assertFalse(refused.getMessage().contains(key.substring(2)), refused.getMessage());
    }
}
