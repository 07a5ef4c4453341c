package dev.relay.task.service;

import dev.relay.contracts.internal.ApiError;
import dev.relay.task.config.TaskConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Which URLs webhooks may call. Without {@code relay.task.webhooks.allow-local-targets} only {@code https} URLs whose
 * host resolves to public unicast addresses: the cluster sends the request, so a URL naming a loopback, private,
 * link-local or otherwise special address would let any account reach services (or a cloud's metadata endpoint) that
 * only the cluster can reach. The address is checked again before every call, because a name may be pointed
 * elsewhere after it was registered, and the call connects to the very address approved ({@link #approved}): a
 * second lookup when connecting could answer another one (DNS rebinding). Lookups are bounded
 * ({@link #LOOKUP_SECONDS}): a name whose DNS never answers must not hold a thread.
 */
@ApplicationScoped
public class WebhookTargets {

    private static final int MAX_LENGTH = 2048;
    private static final Pattern ESCAPE = Pattern.compile("%[0-9a-fA-F]{2}");
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~";
    static final int LOOKUP_SECONDS = 3;

    /** IPv4 ranges that are not public unicast (RFC 6890 and friends), as address and prefix length. */
    private static final int[][] SPECIAL_V4 = {
        {0x00000000, 8}, {0x0A000000, 8}, {0x64400000, 10}, {0x7F000000, 8}, {0xA9FE0000, 16}, {0xAC100000, 12},
        {0xC0000000, 24}, {0xC0000200, 24}, {0xC0A80000, 16}, {0xC6120000, 15}, {0xC6336400, 24},
        {0xCB007100, 24}, {0xE0000000, 4}, {0xF0000000, 4}};

    private static final String UNRESOLVED = "the host does not resolve";
    private static final String SPECIAL = "url's host is a loopback, private, link-local or otherwise special address, "
            + "which webhooks may not call.";

    /** Where a call may go: the address it must connect to, or why it may not be made now. */
    public record Target(InetAddress address, String refusal) {

        static Target at(InetAddress address) {
            return new Target(address, null);
        }

        static Target refused(String reason) {
            return new Target(null, reason);
        }

        public boolean approved() {
            return refusal == null;
        }
    }

    private final boolean allowLocal;
    private final HostResolver resolver;
    /**
     * Lookups run here, so that a caller waits at most {@link #LOOKUP_SECONDS}; a lookup that outlives that keeps its
     * thread until the resolver gives up, so the threads are capped and a lookup past the cap is a failed one.
     */
    private final ExecutorService lookups = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "webhook-dns");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    public WebhookTargets(TaskConfig config, HostResolver resolver) {
        this(config.webhooks().allowLocalTargets(), resolver);
    }

    WebhookTargets(boolean allowLocal) {
        this(allowLocal, new HostResolver());
    }

    private WebhookTargets(boolean allowLocal, HostResolver resolver) {
        this.allowLocal = allowLocal;
        this.resolver = resolver;
    }

    /**
     * The URL as it will be called.
     *
     * @throws ApiError 400 {@code invalid_value} (param {@code url}) for a URL a webhook may not call
     */
    public URI registrable(String url) {
        if (url == null || url.isBlank()) {
            throw refused("url is required: the " + (allowLocal ? "http or https" : "https")
                    + " URL to call when a task finishes.");
        }
        if (url.length() > MAX_LENGTH) {
            throw refused("url is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            // As it goes on the wire: other characters percent-encoded, so that the limit holds in bytes too, and
            // escapes in upper case (or plain, for what needs none), so that one URL is one endpoint however its
            // escapes were written.
            uri = new URI(canonicalEscapes(new URI(url).toASCIIString()));
        } catch (URISyntaxException | RuntimeException e) {
            // RuntimeException: the JDK's encoder fails on text no encoding can hold (a lone surrogate).
            throw refused("url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowLocal && scheme.equals("http"))) {
            throw refused(allowLocal ? "url must be an http or https URL." : "url must be an https URL.");
        }
        if (uri.getHost() == null && !url.chars().allMatch(c -> c < 0x80)) {
            // An international name is percent-encoded above, which no host may be: say what would be taken.
            throw refused("url's host must be written in ASCII: an international name in its xn-- (punycode) form.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw refused("url must name a host, with no user name, password or fragment.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw refused("url's port must be 1 to 65535.");
        }
        uri = canonical(uri, scheme);
        if (uri.toString().length() > MAX_LENGTH) {
            throw refused("url is longer than " + MAX_LENGTH + " characters (its other characters percent-encoded).");
        }
        // A name that does not resolve (in time) may by the first delivery, which checks again.
        refusal(uri).ifPresent(reason -> {
            throw refused(reason);
        });
        return uri;
    }

    private static String canonicalEscapes(String url) {
        return ESCAPE.matcher(url).replaceAll(escape -> {
            char decoded = (char) Integer.parseInt(escape.group().substring(1), 16);
            // An escaped letter, digit or -_~ is that character (RFC 3986, 2.3): written plain, as the same URL. Not
            // a dot: %2E%2E would become a "..", which a receiver may resolve as another path.
            return UNRESERVED.indexOf(decoded) >= 0 ? String.valueOf(decoded)
                    : escape.group().toUpperCase(Locale.ROOT);
        });
    }

    /**
     * One URL, one spelling (RFC 3986, 6.2.2-6.2.3), so that an endpoint is registered once however it was written:
     * the scheme and host in lower case, no default port, an empty path as {@code /}.
     */
    private static URI canonical(URI uri, String scheme) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == (scheme.equals("https") ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
                + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /**
     * Why this URL may not be registered, if it may not: a host that resolves to an address that is not public unicast.
     * One that does not resolve within the bound may be registered; each delivery is {@link #approved} anew.
     */
    private Optional<String> refusal(URI uri) {
        if (allowLocal) {
            return Optional.empty();
        }
        return resolved(uri).handle((addresses, failure) -> failure != null ? Optional.<String>empty()
                : special(addresses)).join();
    }

    /**
     * Where a call to this URL may go now: the first address its host resolves to, provided every one of them passes
     * the check (any does, with local targets allowed), which the call must connect to and to no other; else why not.
     * Does not wait: the lookup runs on a thread of its own, and the future is done within the bound.
     */
    public CompletableFuture<Target> approved(URI uri) {
        return resolved(uri).handle((addresses, failure) -> {
            if (failure != null) {
                return Target.refused(UNRESOLVED);
            }
            return special(addresses).map(Target::refused).orElseGet(() -> Target.at(addresses[0]));
        });
    }

    /** The host's addresses, at least one, or a failure once it did not resolve within the bound. */
    private CompletableFuture<InetAddress[]> resolved(URI uri) {
        CompletableFuture<InetAddress[]> lookup;
        try {
            lookup = CompletableFuture.supplyAsync(() -> resolve(uri.getHost()), lookups);
        } catch (RejectedExecutionException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        return lookup.orTimeout(LOOKUP_SECONDS, TimeUnit.SECONDS);
    }

    /** Why these addresses may not be called, unless local targets are allowed. */
    private Optional<String> special(InetAddress[] addresses) {
        if (!allowLocal) {
            for (InetAddress address : addresses) {
                if (!publicUnicast(address)) {
                    return Optional.of(SPECIAL);
                }
            }
        }
        return Optional.empty();
    }

    private InetAddress[] resolve(String host) {
        try {
            InetAddress[] addresses = resolver.addresses(host);
            if (addresses.length == 0) {
                throw new UnknownHostException("no address");
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host", e);
        }
    }

    /**
     * Only what the internet routes to one host: for IPv6, global unicast (2000::/3) less the ranges that embed or
     * tunnel to an IPv4 address (6to4, Teredo) or are for documentation; everything outside 2000::/3 (IPv4-compatible,
     * NAT64 64:ff9b::/96, unique local, link-local, multicast) is refused.
     */
    static boolean publicUnicast(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int ip = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            for (int[] range : SPECIAL_V4) {
                int mask = -1 << (32 - range[1]);
                if ((ip & mask) == range[0]) {
                    return false;
                }
            }
            return true;
        }
        int first16 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second16 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        boolean global = (b[0] & 0xe0) == 0x20;
        boolean sixToFour = first16 == 0x2002;
        boolean teredo = first16 == 0x2001 && second16 == 0x0000;
        boolean documentation = first16 == 0x2001 && second16 == 0x0db8;
        return global && !sixToFour && !teredo && !documentation;
    }

    private static ApiError refused(String message) {
        return ApiError.invalidValue("url", message);
    }

    @PreDestroy
    void stop() {
        lookups.shutdownNow();
    }
}
