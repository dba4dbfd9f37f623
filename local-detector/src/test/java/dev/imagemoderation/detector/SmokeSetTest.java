package dev.imagemoderation.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.testkit.images.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated, harmless images (a line drawing, a photo-like gradient, skin-tone blobs) through
 * every model: probabilities form a distribution, and the answer is well-formed. No explicit
 * material is committed; the parity test pins the numbers.
 */
class SmokeSetTest {

    static List<BufferedImage> images() {
        BufferedImage drawing = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawing.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 300);
        g.setColor(Color.BLACK);
        for (int i = 0; i < 10; i++) {
            g.drawOval(20 + i * 10, 40 + i * 5, 120, 90);
        }
        g.dispose();
        BufferedImage blobs = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        g = blobs.createGraphics();
        g.setColor(new Color(70, 110, 160));
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(226, 180, 150));
        g.fillOval(80, 40, 240, 220);
        g.dispose();
        return List.of(drawing, TestImages.picture(640, 480), blobs);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void everyModel_givesADistribution_andAWellFormedAnswer(Model model) throws Exception {
        try (LocalDetector detector = new LocalDetector(model, 1)) {
            for (BufferedImage image : images()) {
                float[] p = detector.probabilities(image);
                float sum = 0;
                for (float x : p) {
                    assertThat(x).isBetween(0f, 1f);
                    sum += x;
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
                var detection = detector.detect(image, 0f);
                assertThat(detection.moderationModelVersion()).isEqualTo(model.version());
                assertThat(detection.moderationLabels()).hasSize(5);
            }
        }
    }
}
