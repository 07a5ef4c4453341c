package dev.relay.task.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Submitting and polling tasks over the internal API, as a gateway does. */
public final class Tasks {

    private Tasks() {
    }

    public static String newTaskId() {
        return "direct:" + UUID.randomUUID();
    }

    public static Map<String, Object> submission(String taskId, String accountId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", taskId);
        body.put("kind", "chat");
        body.put("accountId", accountId);
        body.put("keyId", "key-" + accountId);
        body.put("tier", "pro");
        body.put("mode", taskId.substring(0, taskId.indexOf(':')));
        body.put("model", "Qwen/Qwen3-Coder");
        body.put("reservationId", "res_" + UUID.randomUUID());
        body.put("reservedMicro", 1234);
        body.put("requestId", "req-" + taskId);
        body.put("body", Map.of("model", "Qwen/Qwen3-Coder", "max_tokens", 16,
                "messages", List.of(Map.of("role", "user", "content", "hello"))));
        return body;
    }

    public static Response submit(Map<String, Object> submission) {
        return given().contentType("application/json").body(submission).post("/internal/tasks");
    }

    /** A queued task of a fresh account; returns its id. */
    public static String queued(String accountId) {
        String taskId = newTaskId();
        submit(submission(taskId, accountId)).then().statusCode(201);
        return taskId;
    }

    public static Response poll(String taskId, String accountId) {
        return given().queryParam("account_id", accountId).get("/internal/tasks/" + taskId);
    }

    public static Response poll(String taskId, String accountId, int waitSeconds) {
        return given().queryParam("account_id", accountId).queryParam("wait", waitSeconds)
                .get("/internal/tasks/" + taskId);
    }
}
