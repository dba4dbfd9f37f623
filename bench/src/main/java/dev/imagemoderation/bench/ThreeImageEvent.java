package dev.imagemoderation.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A realistic Events API delivery of one message with three images (about 9 KB), read
 * as plain text so that loading it warms none of the code being measured.
 */
final class ThreeImageEvent {

    static final String JSON = load();

    private ThreeImageEvent() {}

    private static String load() {
        try (InputStream in = ThreeImageEvent.class.getResourceAsStream("/three-image-event.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
