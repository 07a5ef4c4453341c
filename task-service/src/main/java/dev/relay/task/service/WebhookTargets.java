package dev.relay.task.service;

import dev.relay.contracts.internal.ApiError;
import dev.relay.task.config.TaskConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs webhooks may call. Without {@code relay.task.webhooks.allow-local-targets} only {@code https} URLs whose
 * host resolves to public addresses: the cluster sends the request, so a URL naming a loopback, private or link-local
 * address would let any account reach services (or a cloud's metadata endpoint) that only the cluster can reach.
 * The address is checked again at every delivery, because a name may be pointed elsewhere after it was registered.
 */
@ApplicationScoped
public class WebhookTargets {

    private static final int MAX_LENGTH = 2048;

    private final boolean allowLocal;

    @jakarta.inject.Inject
    public WebhookTargets(TaskConfig config) {
        this(config.webhooks().allowLocalTargets());
    }

    WebhookTargets(boolean allowLocal) {
        this.allowLocal = allowLocal;
    }

    /**
     * The URL as it will be called.
     *
     * @throws ApiError 400 {@code invalid_value} (param {@code url}) for a URL a webhook may not call
     */
    public URI registrable(String url) {
        if (url == null || url.isBlank()) {
            throw refused("url is required: the https URL to call when a task finishes.");
        }
        if (url.length() > MAX_LENGTH) {
            throw refused("url is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowLocal && scheme.equals("http"))) {
            throw refused(allowLocal ? "url must be an http or https URL." : "url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw refused("url must name a host, with no user name, password or fragment.");
        }
        if (uri.getPort() > 65535) {
            throw refused("url's port is past 65535.");
        }
        // A name that does not resolve yet may by the first delivery, which checks again.
        refusal(uri, false).ifPresent(reason -> {
            throw refused(reason);
        });
        return uri;
    }

    /**
     * Why a delivery may not call this URL now, if it may not: a host that resolves to a local address, or (when
     * {@code unresolvedRefused}) one that does not resolve at all.
     */
    public Optional<String> refusal(URI uri, boolean unresolvedRefused) {
        if (allowLocal) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return unresolvedRefused ? Optional.of("the host does not resolve") : Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (local(address)) {
                return Optional.of("url's host is a loopback, private or link-local address, which webhooks may "
                        + "not call.");
            }
        }
        return Optional.empty();
    }

    private static boolean local(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7, unique local addresses: IPv6's private ranges, which isSiteLocalAddress does not cover.
            return (bytes[0] & 0xfe) == 0xfc;
        }
        // 100.64.0.0/10: carrier-grade NAT, used inside some clouds' networks.
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private static ApiError refused(String message) {
        return ApiError.invalidValue("url", message);
    }
}
