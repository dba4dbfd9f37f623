package dev.imagemoderation.core.ingest;

import java.util.Set;

/**
 * What ingest needs to know about this installation to decide which events to skip.
 *
 * @param ownAppId our Slack app's id ({@code A...}); its messages are never moderated
 * @param ownBotId our bot's id ({@code B...})
 * @param exemptChannels channels nobody moderates (the same list the policy reads)
 * @param exemptBotIds other bots an admin trusts; any bot not listed here is moderated
 */
public record IngestRules(String ownAppId, String ownBotId, Set<String> exemptChannels, Set<String> exemptBotIds) {

    public IngestRules {
        exemptChannels = exemptChannels == null ? Set.of() : Set.copyOf(exemptChannels);
        exemptBotIds = exemptBotIds == null ? Set.of() : Set.copyOf(exemptBotIds);
    }
}
