package com.crm.webhook.subscription;

import com.crm.support.problem.ErrorCode;
import com.crm.webhook.WebhookProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. A target must be an absolute http(s) URL matched by an entry of
 * {@code crm.webhook.allowed-targets}, and every address its host resolves to must be public, unless the matching
 * entry names that host explicitly: a wildcard never opens loopback, private, link-local, multicast or unspecified
 * addresses (so a subscription cannot be used to probe the internal network). Checked when a subscription is
 * written and again before every delivery (DNS may have changed since).
 */
@Component
public class TargetPolicy {

    /** Why a target is refused: a stable code and a message for humans. */
    public record Refusal(String code, String message) {

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

    private final List<AllowedTarget> allowed;
    private final Resolver resolver;

    /** Host name resolution, replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Autowired
    public TargetPolicy(WebhookProperties properties) {
        this(properties.allowedTargets(), InetAddress::getAllByName);
    }

    TargetPolicy(List<String> allowedTargets, Resolver resolver) {
        this.allowed = allowedTargets.stream().map(AllowedTarget::parse).toList();
        this.resolver = resolver;
    }

    /** @return null when the URL is an allowed target, else why not */
    public Refusal check(String url) {
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
        return null;
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0
                || (first == 100 && second >= 64 && second < 128) // this network; carrier-grade NAT
                || (first == 198 && (second == 18 || second == 19))
                || first >= 240; // benchmarking; reserved
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

        boolean explicit() {
            return !hostPattern.equals("*");
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
