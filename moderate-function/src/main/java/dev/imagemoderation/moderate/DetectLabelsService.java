package dev.imagemoderation.moderate;

import dev.imagemoderation.core.errors.DetectorRejectedImageException;
import dev.imagemoderation.core.errors.DetectorThrottledException;
import dev.imagemoderation.core.memory.DecisionMemory;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.ContentType;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.HumanLoopActivation;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.moderation.PolicyEvaluator;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InternalServerErrorException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ThrottlingException;

/**
 * DetectLabels: asks the detector (Rekognition, or the local endpoint that answers like
 * it) for moderation labels on each analysed copy, with the policy's MinConfidence, and
 * applies the policy. Several frames of one GIF: the strictest frame decides.
 */
public final class DetectLabelsService {

    private static final Logger LOG = LoggerFactory.getLogger(DetectLabelsService.class);

    private final RekognitionClient rekognition;
    private final String bucket;
    private final Policy policy;
    private final PolicyEvaluator evaluator;

    private final ModerationMetrics metrics;
    private final DecisionMemory memory;
    private final String detectorId;

    DetectLabelsService(RekognitionClient rekognition, String bucket, Policy policy, ModerationMetrics metrics) {
        this(rekognition, bucket, policy, metrics, null, null);
    }

    /**
     * @param memory where the labels are cached for reposts of the same file, or null for no cache
     * @param detectorId the configured detector's identity, which keys the cache
     */
    DetectLabelsService(
            RekognitionClient rekognition,
            String bucket,
            Policy policy,
            ModerationMetrics metrics,
            DecisionMemory memory,
            String detectorId) {
        this.memory = memory;
        this.detectorId = detectorId;
        this.metrics = metrics;
        this.rekognition = rekognition;
        this.bucket = bucket;
        this.policy = policy;
        this.evaluator = new PolicyEvaluator(policy);
    }

    public FileScan detect(FileScan input) {
        ImageFetch image = input.image();
        if (image == null || !image.fetched()) {
            return counted(input.withDetection(null, evaluator.notAnalysed(image == null ? null : image.status())));
        }
        FileScan best = null;
        for (String key : image.analysedKeys()) {
            Detection detection = detect(key);
            Verdict verdict = evaluator.evaluate(
                    input.request().channelId(),
                    detection,
                    "DetectModerationLabels " + detection.moderationModelVersion());
            if (best == null || verdict.action().compareTo(best.verdict().action()) > 0) {
                best = input.withDetection(detection, verdict);
            }
        }
        remember(input, best);
        return counted(best);
    }

    /** The cache saves a call on a repost; failing to write it costs only that, so it never fails the scan. */
    private void remember(FileScan input, FileScan decided) {
        if (memory == null || input.image().sha256() == null || decided == null) {
            return;
        }
        try {
            memory.cache(
                    input.request().teamId(),
                    input.image().sha256(),
                    detectorId,
                    policy.version(),
                    decided.detection(),
                    decided.verdict().detector());
        } catch (RuntimeException e) {
            LOG.warn("could not cache the labels of {}: {}", input.file().id(), e.toString());
        }
    }

    private FileScan counted(FileScan decided) {
        metrics.imageDecided(decided.verdict().action());
        return decided;
    }

    private Detection detect(String key) {
        DetectModerationLabelsResponse r;
        try {
            r = rekognition.detectModerationLabels(b ->
                    b.image(i -> i.s3Object(o -> o.bucket(bucket).name(key))).minConfidence(policy.minConfidence()));
        } catch (ThrottlingException | ProvisionedThroughputExceededException | InternalServerErrorException e) {
            throw new DetectorThrottledException(
                    "detector busy: " + e.awsErrorDetails().errorCode(), e);
        } catch (InvalidImageFormatException
                | ImageTooLargeException
                | InvalidS3ObjectException
                | InvalidParameterException e) {
            throw new DetectorRejectedImageException(
                    "detector refused " + key + ": " + e.awsErrorDetails().errorCode() + " ("
                            + e.awsErrorDetails().errorMessage() + ")",
                    e);
        } catch (RekognitionException e) {
            if (e.statusCode() >= 500) {
                throw new DetectorThrottledException("detector failed with HTTP " + e.statusCode(), e);
            }
            throw new DetectorRejectedImageException(
                    "detector refused " + key + ": "
                            + (e.awsErrorDetails() == null
                                    ? e.statusCode()
                                    : e.awsErrorDetails().errorCode()),
                    e);
        } catch (SdkClientException e) {
            throw new DetectorThrottledException(
                    "detector unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
        List<ModerationLabel> labels = r.moderationLabels().stream()
                .map(l -> new ModerationLabel(
                        l.name(), l.parentName(), l.confidence() == null ? 0f : l.confidence(), l.taxonomyLevel()))
                .sorted(Comparator.comparing(ModerationLabel::confidence).reversed())
                .toList();
        List<ContentType> contentTypes = r.contentTypes().stream()
                .map(c -> new ContentType(c.name(), c.confidence() == null ? 0f : c.confidence()))
                .toList();
        var loop = r.humanLoopActivationOutput();
        HumanLoopActivation activation = loop == null
                ? null
                : new HumanLoopActivation(
                        loop.humanLoopArn(),
                        loop.hasHumanLoopActivationReasons() ? loop.humanLoopActivationReasons() : List.of(),
                        loop.humanLoopActivationConditionsEvaluationResults());
        return new Detection(labels, r.moderationModelVersion(), contentTypes, activation);
    }
}
