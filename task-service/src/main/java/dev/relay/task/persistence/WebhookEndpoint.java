package dev.relay.task.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A URL an account registered to be called, signed with its secret, when one of its tasks finishes. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpoint {

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    public String url;

    /** {@code whsec_} and the base64 of the HMAC key; shown to the account once, when the endpoint is created. */
    public String secret;

    @Column(name = "created_at")
    public Instant createdAt;
}
