package dev.imagemoderation.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.moderation.HumanLoopActivation;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.SingleModelFlags;
import dev.imagemoderation.detector.internal.ImageDecoder;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import dev.imagemoderation.testkit.images.TestImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;

/** The ensemble answers through the unchanged RekognitionClient exactly as one model does. */
class EnsembleEndpointTest {

    private static LocalDetector ensemble;
    private static RekognitionEndpoint endpoint;
    private static RekognitionClient rekognition;

    @BeforeAll
    static void start() {
        ensemble = new LocalDetector(DetectorSetup.ENSEMBLE, 2);
        endpoint = new RekognitionEndpoint(ensemble, null, "127.0.0.1", 0);
        rekognition = EndpointClients.rekognition(endpoint).build();
    }

    @AfterAll
    static void stop() {
        rekognition.close();
        endpoint.close();
        ensemble.close();
    }

    @Test
    void labelsAreTheSecondHighestOfTheThree_theVersionNamesTheParts_andTheHintSurvivesTheSdk() throws Exception {
        byte[] image = TestImages.jpeg(320, 240);
        DetectModerationLabelsResponse r = rekognition.detectModerationLabels(
                b -> b.image(i -> i.bytes(SdkBytes.fromByteArray(image))).minConfidence(0f));

        assertThat(r.moderationModelVersion())
                .isEqualTo("ensemble-second-highest(nsfwjs-mobilenet_v2-4.4.0,nsfwjs-mobilenet_v2_mid-4.4.0,"
                        + "nsfwjs-inception_v3-4.4.0)");
        assertThat(r.moderationLabels())
                .extracting("name")
                .containsExactlyInAnyOrderElementsOf(EndpointClients.ALL_LABELS);

        // What each model alone says of the same image.
        List<float[]> perModel = ensemble.probabilitiesPerModel(ImageDecoder.decode(image));
        List<List<ModerationLabel>> single = new ArrayList<>();
        for (float[] p : perModel) {
            single.add(RekognitionMapping.toDetection(p, 0f, "m").moderationLabels());
        }
        for (var label : r.moderationLabels()) {
            List<Float> c = confidences(single, label.name());
            assertThat(label.confidence()).as(label.name()).isEqualTo(c.get(1));
        }

        var loop = r.humanLoopActivationOutput();
        assertThat(loop).as("three models never agree to the last digit").isNotNull();
        List<ModerationLabel> flags = SingleModelFlags.decode(new HumanLoopActivation(
                loop.humanLoopArn(),
                loop.humanLoopActivationReasons(),
                loop.humanLoopActivationConditionsEvaluationResults()));
        assertThat(flags)
                .isNotEmpty()
                .allSatisfy(flag -> assertThat(flag.confidence())
                        .as(flag.name())
                        .isEqualTo(confidences(single, flag.name()).getFirst()));
        assertThat(Arrays.asList(DetectorSetup.ids().split(", "))).contains("ensemble");
    }

    /** The models' confidences for one label, highest first. */
    private static List<Float> confidences(List<List<ModerationLabel>> perModel, String name) {
        return perModel.stream()
                .map(labels -> labels.stream()
                        .filter(l -> l.name().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .confidence())
                .sorted(Comparator.reverseOrder())
                .toList();
    }
}
