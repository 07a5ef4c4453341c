package dev.relay.simulator.api;

import static io.restassured.RestAssured.given;

/** Reads one sample from the simulator's Prometheus text. */
final class Metrics {

    private Metrics() {
    }

    static String scrape() {
        return given().get("/metrics").then().statusCode(200).extract().asString();
    }

    static double value(String name, String model) {
        String prefix = name + "{engine=\"0\",model_name=\"" + model + "\"} ";
        for (String line : scrape().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        throw new AssertionError("no sample " + prefix);
    }
}
