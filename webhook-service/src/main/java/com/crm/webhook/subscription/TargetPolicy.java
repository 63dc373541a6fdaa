package com.crm.webhook.subscription;

import com.crm.support.problem.ErrorCode;
import com.crm.webhook.WebhookProperties;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. A target must be an absolute http(s) URL matched by an entry of
 * {@code crm.webhook.allowed-targets}, and every address its host resolves to must be public, unless a matching
 * entry names that host explicitly (no {@code *} in it): a wildcard entry ({@code *}, {@code *.example.com}) never
 * opens loopback, private, link-local, carrier-grade NAT, multicast, reserved or documentation addresses, nor an
 * IPv6 form that embeds one (IPv4-mapped, IPv4-compatible, NAT64, 6to4), so a subscription cannot be used to probe
 * the internal network. Checked when a subscription is written and again before every delivery; the delivery then
 * connects to the very address checked ({@link Allowed#address()}), with no second DNS lookup that could rebind
 * the name to an internal address in between.
 */
@Component
public class TargetPolicy {

    /** The outcome of a check: refused, or allowed with the address to connect to. */
    public sealed interface Verdict permits Refusal, Allowed {}

    /** Why a target is refused: a stable code and a message for humans. */
    public record Refusal(String code, String message) implements Verdict {

        /** The platform's error code for this refusal; {@link #code()} keeps the finer reason. */
        public ErrorCode errorCode() {
            return switch (code) {
                case "NotBlank" -> ErrorCode.REQUIRED;
                case "Size" -> ErrorCode.TOO_LONG;
                case "invalid-url" -> ErrorCode.INVALID_FORMAT;
                case "unresolvable-host" -> ErrorCode.UNKNOWN_REFERENCE;
                default -> ErrorCode.NOT_ALLOWED;
            };
        }
    }

    /**
     * An allowed target: its URL, the host name as written (for the Host header, TLS SNI and certificate checks),
     * its port, and the checked address a delivery connects to.
     */
    public record Allowed(URI uri, String host, int port, InetAddress address) implements Verdict {}

    private final List<AllowedTarget> allowed;
    private final Resolver resolver;

    /** Host name resolution: the system's, replaced in tests to play a DNS that rebinds. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Autowired
    public TargetPolicy(WebhookProperties properties, ObjectProvider<Resolver> resolver) {
        this(properties.allowedTargets(), resolver.getIfAvailable(() -> InetAddress::getAllByName));
    }

    TargetPolicy(List<String> allowedTargets, Resolver resolver) {
        this.allowed = allowedTargets.stream().map(AllowedTarget::parse).toList();
        this.resolver = resolver;
    }

    /** @return null when the URL is an allowed target, else why not */
    public Refusal check(String url) {
        return verdict(url) instanceof Refusal refusal ? refusal : null;
    }

    /** Resolves the target's host once and checks it: refused, or allowed with the address to connect to. */
    public Verdict verdict(String url) {
        if (url == null || url.isBlank()) {
            return new Refusal("NotBlank", "must be an absolute http or https URL");
        }
        if (url.length() > 2000) {
            return new Refusal("Size", "at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Refusal("invalid-url", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return new Refusal("unsupported-scheme", "only http and https targets are allowed");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return new Refusal("invalid-url", "needs a host, and no user info or fragment");
        }
        String host = bare(uri.getHost());
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        List<AllowedTarget> matching =
                allowed.stream().filter(a -> a.matches(scheme, host, port)).toList();
        if (matching.isEmpty()) {
            return new Refusal(
                    "target-not-allowed",
                    scheme + "://" + host + ":" + port
                            + " is not in the allowed targets (crm.webhook.allowed-targets)");
        }
        boolean named = matching.stream().anyMatch(AllowedTarget::explicit);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Refusal("unresolvable-host", "host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return new Refusal("unresolvable-host", "host " + host + " does not resolve");
        }
        if (!named) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    return new Refusal(
                            "internal-address",
                            "host " + host + " resolves to the internal address " + address.getHostAddress()
                                    + "; only an allowed-targets entry naming it opens it");
                }
            }
        }
        return new Allowed(uri, host, port, addresses[0]);
    }

    /**
     * Whether an address is not a public unicast one: loopback, unspecified, private, link-local, carrier-grade
     * NAT, multicast, reserved, benchmarking or documentation ranges, and every IPv6 form that reaches an IPv4
     * address of those (IPv4-mapped {@code ::ffff:a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16});
     * the IPv4-compatible {@code ::/96}, local-use NAT64 {@code 64:ff9b:1::/48}, Teredo {@code 2001::/32},
     * unique-local {@code fc00::/7}, link- and site-local {@code fe80::/10}, {@code fec0::/10}, discard-only
     * {@code 100::/64}, documentation {@code 2001:db8::/32} and multicast {@code ff00::/8} are refused whole.
     */
    static boolean internal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? internalIpv4(b, 0) : internalIpv6(b);
    }

    private static boolean internalIpv4(byte[] b, int at) {
        int a = b[at] & 0xff;
        int c = b[at + 1] & 0xff;
        int d = b[at + 2] & 0xff;
        return a == 0 // "this network"
                || a == 10
                || a == 127
                || (a == 100 && c >= 64 && c < 128) // carrier-grade NAT
                || (a == 169 && c == 254) // link-local, cloud metadata
                || (a == 172 && c >= 16 && c < 32)
                || (a == 192 && c == 0 && (d == 0 || d == 2)) // IETF assignments, TEST-NET-1
                || (a == 192 && c == 88 && d == 99) // 6to4 relay anycast
                || (a == 192 && c == 168)
                || (a == 198 && (c == 18 || c == 19)) // benchmarking
                || (a == 198 && c == 51 && d == 100) // TEST-NET-2
                || (a == 203 && c == 0 && d == 113) // TEST-NET-3
                || a >= 224; // multicast, reserved, broadcast
    }

    private static boolean internalIpv6(byte[] b) {
        if (zero(b, 0, 12)) {
            return true; // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return internalIpv4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
        }
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            return true; // IPv4-translated ::ffff:0:a.b.c.d
        }
        int w0 = word(b, 0);
        int w1 = word(b, 1);
        if (w0 == 0x0064 && w1 == 0xff9b) {
            // NAT64: the well-known prefix reaches the IPv4 it embeds; 64:ff9b:1::/48 is for local use
            return !zero(b, 4, 12) || internalIpv4(b, 12);
        }
        if (w0 == 0x2002) {
            return internalIpv4(b, 2); // 6to4 embeds the IPv4 of its relay in bits 16-47
        }
        if (w0 == 0x2001 && (w1 == 0x0000 || w1 == 0x0db8)) {
            return true; // Teredo (an obfuscated IPv4), documentation
        }
        if (w0 == 0x0100 && zero(b, 2, 8)) {
            return true; // discard-only
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc // unique local fc00::/7
                || (first == 0xfe && (b[1] & 0x80) == 0x80) // link-local fe80::/10, site-local fec0::/10
                || first == 0xff; // multicast
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int index) {
        return ((b[2 * index] & 0xff) << 8) | (b[2 * index + 1] & 0xff);
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** One allow-list entry: {@code [scheme://]host-pattern[:port]}; no scheme = http and https, no port = any. */
    record AllowedTarget(String scheme, String hostPattern, Integer port) {

        static AllowedTarget parse(String entry) {
            String rest = entry.trim().toLowerCase(Locale.ROOT);
            String scheme = null;
            int sep = rest.indexOf("://");
            if (sep >= 0) {
                scheme = rest.substring(0, sep);
                rest = rest.substring(sep + 3);
            }
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
            String portText = null;
            if (rest.startsWith("[") && rest.contains("]")) {
                int end = rest.indexOf(']');
                String after = rest.substring(end + 1);
                portText = after.startsWith(":") ? after.substring(1) : null;
                rest = rest.substring(0, end + 1);
            } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
                portText = rest.substring(rest.indexOf(':') + 1);
                rest = rest.substring(0, rest.indexOf(':'));
            }
            Integer port = portText == null || portText.equals("*") ? null : Integer.valueOf(portText);
            return new AllowedTarget(scheme, bare(rest), port);
        }

        /** An entry naming one host or IP (no wildcard) opens that host even where it is internal. */
        boolean explicit() {
            return !hostPattern.contains("*");
        }

        boolean matches(String scheme, String host, int port) {
            if (this.scheme != null && !this.scheme.equals(scheme)) {
                return false;
            }
            if (this.port != null && this.port != port) {
                return false;
            }
            if (hostPattern.equals("*")) {
                return true;
            }
            if (hostPattern.startsWith("*.")) {
                return host.endsWith(hostPattern.substring(1));
            }
            return hostPattern.equals(host);
        }
    }
}
