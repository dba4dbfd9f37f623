package dev.imagemoderation.detector;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.RekognitionClientBuilder;

/** What the endpoint tests share: the unchanged SDK client, and the labels nsfwjs's classes map to. */
final class EndpointClients {

    /** Every label the detector reports at {@code MinConfidence} 0, for any image. */
    static final List<String> ALL_LABELS = List.of(
            "Explicit Nudity",
            "Explicit",
            "Non-Explicit Nudity",
            "Non-Explicit Nudity of Intimate parts and Kissing",
            "Swimwear or Underwear");

    private EndpointClients() {}

    static RekognitionClientBuilder rekognition(RekognitionEndpoint endpoint) {
        return RekognitionClient.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .httpClient(UrlConnectionHttpClient.create());
    }
}
