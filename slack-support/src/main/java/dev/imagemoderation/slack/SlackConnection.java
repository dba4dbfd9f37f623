package dev.imagemoderation.slack;

import dev.imagemoderation.core.slack.HostAllowlist;
import java.util.Set;

/**
 * Where the bot's tokens may go: the Web API base and the host allowlist. Built once per
 * function from its settings; the API client and the file downloader share it, so a token is held
 * to one list whichever way it travels.
 */
public record SlackConnection(String apiUrl, HostAllowlist allowlist) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";

    /**
     * @param apiUrl the Web API base, or null for Slack's own
     * @param extraHosts hosts added to Slack's own on the allowlist (the emulator's in tests)
     */
    public static SlackConnection of(String apiUrl, Set<String> extraHosts) {
        return new SlackConnection(apiUrl == null ? DEFAULT_API_URL : apiUrl, HostAllowlist.slackPlus(extraHosts));
    }

    /** The Web API client behind this allowlist; refuses a base URL off it. */
    public SlackApi api() {
        return new SlackApi(apiUrl, allowlist);
    }
}
