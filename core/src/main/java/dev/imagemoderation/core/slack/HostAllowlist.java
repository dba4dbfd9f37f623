package dev.imagemoderation.core.slack;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The only hosts a Slack token may be sent to. Entries are exact host names or
 * {@code *.domain} wildcards (which match subdomains, not the domain itself). Only https
 * is allowed, except for loopback hosts added explicitly (the emulator in tests).
 */
public final class HostAllowlist {

    /** Slack's API and file hosts, commercial and GovSlack. */
    public static final Set<String> SLACK_DEFAULTS =
            Set.of("slack.com", "*.slack.com", "files.slack.com", "slack-gov.com", "*.slack-gov.com");

    private final Set<String> entries;

    public HostAllowlist(Set<String> entries) {
        Set<String> normalised = new LinkedHashSet<>();
        entries.forEach(e -> normalised.add(e.trim().toLowerCase(Locale.ROOT)));
        this.entries = Set.copyOf(normalised);
    }

    /** Slack's hosts plus any extra ones (e.g. from {@code SLACK_ALLOWED_HOSTS}). */
    public static HostAllowlist slackPlus(Set<String> extra) {
        Set<String> all = new LinkedHashSet<>(SLACK_DEFAULTS);
        all.addAll(extra);
        return new HostAllowlist(all);
    }

    /** 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
    public static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
    }

    public boolean allows(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(host))) {
            return false;
        }
        for (String entry : entries) {
            if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    public boolean allows(String url) {
        try {
            return allows(URI.create(url));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HostAllowlist" + entries;
    }
}
