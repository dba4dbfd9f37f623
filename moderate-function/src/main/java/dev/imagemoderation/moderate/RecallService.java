package dev.imagemoderation.moderate;

import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.memory.Recalled;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.moderation.PolicyEvaluator;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;

/**
 * Recall: between FetchImage and DetectLabels, asks the bot's memory about the image. A moderator's earlier
 * decision or a bank match decides it (the scan leaves with a verdict, and the workflow skips the detector);
 * cached labels are evaluated by the policy as fresh ones would be; otherwise the scan goes on unchanged.
 */
public final class RecallService {

    private final DecisionMemory memory;
    private final Policy policy;
    private final PolicyEvaluator evaluator;
    private final String detectorId;
    private final ModerationMetrics metrics;

    RecallService(DecisionMemory memory, Policy policy, String detectorId, ModerationMetrics metrics) {
        this.memory = memory;
        this.policy = policy;
        this.evaluator = new PolicyEvaluator(policy);
        this.detectorId = detectorId;
        this.metrics = metrics;
    }

    public FileScan recall(FileScan input) {
        ImageFetch image = input.image();
        if (memory == null || image == null || !image.fetched()) {
            return input;
        }
        Recalled recalled =
                memory.recall(input.request().teamId(), image.sha256(), image.pdqHash(), detectorId, policy.version());
        FileScan out = switch (recalled) {
            case Recalled.Decided d ->
                input.withDetection(null, Verdict.remembered(d.recollection(), policy.version()));
            case Recalled.Cached c ->
                input.withDetection(
                        c.entry().detection(),
                        evaluator
                                .evaluate(
                                        input.request().channelId(),
                                        c.entry().detection(),
                                        c.entry().detectorLabel())
                                .withRecalled(c.recollection()));
            case Recalled.Unknown u -> input;
        };
        if (out.verdict() != null) {
            metrics.imageDecided(out.verdict().action());
        }
        return out;
    }
}
