package dev.relay.gateway.client;

/** A peer's answer passed through to the client as is: status, content type and body. */
public record PeerResponse(int status, String contentType, String body) {
}
