package dev.imagemoderation.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.MessageEvent;
import dev.imagemoderation.core.slack.SlackEnvelope;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventTriageTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final IngestRules RULES = new IngestRules("A_OWN", "B_OWN", Set.of("C_EXEMPT"), Set.of("B_TRUSTED"));
    private static final SlackFile JPG = file("F1", "image/jpeg", "jpg", Map.of());
    private static final SlackFile PDF = file("F2", "application/pdf", "pdf", Map.of());

    private final EventTriage triage = new EventTriage(RULES, Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> skipped() {
        return Stream.of(
                Arguments.of(
                        "message_changed",
                        message("message_changed", null, null, List.of(JPG)),
                        SkipReason.UNMODERATED_SUBTYPE),
                Arguments.of(
                        "message_deleted",
                        message("message_deleted", null, null, List.of()),
                        SkipReason.UNMODERATED_SUBTYPE),
                Arguments.of(
                        "channel_join", message("channel_join", null, null, List.of()), SkipReason.UNMODERATED_SUBTYPE),
                Arguments.of("own bot", message(null, "B_OWN", null, List.of(JPG)), SkipReason.OWN_APP),
                Arguments.of(
                        "own app", message("file_share", "B_OTHER_OF_OURS", "A_OWN", List.of(JPG)), SkipReason.OWN_APP),
                Arguments.of("trusted bot", message(null, "B_TRUSTED", "A_T", List.of(JPG)), SkipReason.EXEMPT_BOT),
                Arguments.of("no files", message(null, null, null, List.of()), SkipReason.NO_FILES),
                Arguments.of("only a pdf", message(null, null, null, List.of(PDF)), SkipReason.NO_IMAGE_FILES),
                Arguments.of(
                        "deleted image",
                        message(
                                null,
                                null,
                                null,
                                List.of(new SlackFile(
                                        "F3",
                                        null,
                                        "image/png",
                                        "png",
                                        null,
                                        "tombstone",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null))),
                        SkipReason.NO_IMAGE_FILES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skipped")
    void triage_event_isSkippedWithReason(String name, MessageEvent event, SkipReason expected) {
        var decision = triage.triage(callback(event));

        assertThat(decision)
                .isInstanceOfSatisfying(
                        TriageDecision.Skip.class, s -> assertThat(s.reason()).isEqualTo(expected));
    }

    @Test
    void triage_exemptChannel_isSkipped() {
        var event = new MessageEvent(null, "C_EXEMPT", "channel", "U1", null, null, "1.1", null, List.of(JPG));

        assertThat(triage.triage(callback(event)))
                .isEqualTo(new TriageDecision.Skip(SkipReason.EXEMPT_CHANNEL, "C_EXEMPT"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.NullSource
    @org.junit.jupiter.params.provider.ValueSource(strings = {"file_share", "thread_broadcast", "bot_message"})
    void triage_subtypesThatCarryNewFiles_areQueued(String subtype) {
        assertThat(triage.triage(callback(message(subtype, null, null, List.of(JPG)))))
                .isInstanceOf(TriageDecision.Queue.class);
    }

    @Test
    void triage_otherBotsImage_isQueued() {
        assertThat(triage.triage(callback(message(null, "B_STRANGER", "A_STRANGER", List.of(JPG)))))
                .isInstanceOf(TriageDecision.Queue.class);
    }

    @Test
    void triage_mixedFiles_queuesOneRequestWithOnlyImages() {
        var png = file("F4", "image/png", "png", Map.of());
        var pdfWithThumbs = file("F5", "application/pdf", "pdf", Map.of(360, new Thumbnail("https://t/360", 360, 480)));
        var stub = new SlackFile("F6", null, null, null, null, null, "check_file_info", null, null, null, null);

        var decision = (TriageDecision.Queue)
                triage.triage(callback(message(null, null, null, List.of(JPG, PDF, png, pdfWithThumbs, stub))));

        ModerationRequest r = decision.request();
        assertThat(r.files()).extracting("id").containsExactly("F1", "F4", "F5", "F6");
        assertThat(r.files().get(3).isStub()).isTrue();
        assertThat(r.files().get(0).isStub()).isFalse();
        assertThat(r.receivedAt()).isEqualTo(NOW);
        assertThat(r.eventId()).isEqualTo("Ev1");
        assertThat(r.teamId()).isEqualTo("T1");
        assertThat(r.schemaVersion()).isEqualTo(ModerationRequest.SCHEMA_VERSION);
    }

    @Test
    void triage_nonMessageEvent_isSkipped() {
        var cb = new SlackEnvelope.EventCallback("Ev1", "T1", null, "A_OWN", 0, "reaction_added", null);

        assertThat(triage.triage(cb)).isEqualTo(new TriageDecision.Skip(SkipReason.NOT_A_MESSAGE, "reaction_added"));
    }

    @Test
    void triage_urlVerification_isChallenge_andRateLimitIsSkipped() {
        assertThat(triage.triage(new SlackEnvelope.UrlVerification("c"))).isEqualTo(new TriageDecision.Challenge("c"));
        assertThat(triage.triage(new SlackEnvelope.AppRateLimited("T1", "A_OWN", 1L)))
                .isInstanceOfSatisfying(
                        TriageDecision.Skip.class, s -> assertThat(s.reason()).isEqualTo(SkipReason.APP_RATE_LIMITED));
    }

    private static SlackEnvelope.EventCallback callback(MessageEvent event) {
        return new SlackEnvelope.EventCallback("Ev1", "T1", null, "A_OWN", 0, "message", event);
    }

    private static MessageEvent message(String subtype, String botId, String appId, List<SlackFile> files) {
        return new MessageEvent(
                subtype, "C1", "channel", botId == null ? "U1" : null, botId, appId, "1.1", null, files);
    }

    private static SlackFile file(String id, String mimetype, String filetype, Map<Integer, Thumbnail> thumbs) {
        return new SlackFile(
                id,
                id + "." + filetype,
                mimetype,
                filetype,
                10L,
                "hosted",
                "visible",
                "https://files.slack.com/" + id,
                100,
                100,
                new TreeMap<>(thumbs));
    }
}
