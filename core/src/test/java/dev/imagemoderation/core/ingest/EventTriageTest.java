package dev.imagemoderation.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.MessageEvent;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.ScanItem;
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
                        "an edit that shows no image",
                        message("message_changed", null, null, List.of(JPG)),
                        SkipReason.NOTHING_NEW_SHOWN),
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
        assertThat(((SlackFile) r.files().get(3)).isStub()).isTrue();
        assertThat(((SlackFile) r.files().get(0)).isStub()).isFalse();
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

    private static RemoteImage preview(String url) {
        return RemoteImage.of("C1", "1.1", url, RemoteImage.Origin.LINK_PREVIEW, 640, 480, 1000L, null);
    }

    private static MessageEvent edit(List<RemoteImage> after, List<RemoteImage> before) {
        return new MessageEvent(
                MessageEvent.MESSAGE_CHANGED, "C1", "channel", "U1", null, null, "1.1", null, List.of(), after, before);
    }

    @Test
    void anUnfurl_queuesItsImage_keyedByTheMessageAndTheImage_soTheSamePreviewInTwoEditsIsCheckedOnce() {
        var first = (TriageDecision.Queue) triage.triage(new SlackEnvelope.EventCallback(
                "Ev7",
                "T1",
                null,
                "A_OWN",
                0,
                "message",
                edit(List.of(preview("https://x.example/a.png")), List.of())));
        var again = (TriageDecision.Queue) triage.triage(new SlackEnvelope.EventCallback(
                "Ev8",
                "T1",
                null,
                "A_OWN",
                0,
                "message",
                edit(List.of(preview("https://x.example/a.png")), List.of())));

        assertThat(first.request().files()).singleElement().isInstanceOf(RemoteImage.class);
        assertThat(first.request().messageTs()).isEqualTo("1.1");
        assertThat(first.request().eventId()).isEqualTo("Ev7");
        assertThat(first.request().dedupeKey()).startsWith("edit-1.1-");
        assertThat(again.request().executionKey())
                .as("two events, one message and one image: one execution name")
                .isEqualTo(first.request().executionKey());
    }

    @Test
    void anEditThatAddsAnImage_queuesOnlyTheNewOne_andAnEditOfTheTextAloneIsSkipped() {
        var a = preview("https://x.example/a.png");
        var b = preview("https://x.example/b.png");

        var added = (TriageDecision.Queue) triage.triage(callback(edit(List.of(a, b), List.of(a))));
        var textOnly = triage.triage(callback(edit(List.of(a, b), List.of(a, b))));
        var removedOne = triage.triage(callback(edit(List.of(a), List.of(a, b))));

        assertThat(added.request().files()).extracting("url").containsExactly("https://x.example/b.png");
        assertThat(added.request().executionKey())
                .isNotEqualTo(((TriageDecision.Queue) triage.triage(callback(edit(List.of(a), List.of()))))
                        .request()
                        .executionKey());
        assertThat(textOnly)
                .isEqualTo(new TriageDecision.Skip(SkipReason.NOTHING_NEW_SHOWN, "2 image(s) shown, none new"));
        assertThat(removedOne).isInstanceOf(TriageDecision.Skip.class);
    }

    @Test
    void anAppsImageBlocks_areQueuedBesideItsFiles_andOurOwnAreNot() {
        var block = RemoteImage.of(
                "C1", "1.1", "https://cdn.example/1.jpg", RemoteImage.Origin.IMAGE_BLOCK, null, null, null, "alt");
        var fromApp = new MessageEvent(
                "bot_message",
                "C1",
                "channel",
                null,
                "B_APP",
                "A_APP",
                "1.1",
                null,
                List.of(JPG),
                List.of(block),
                List.of());
        var fromUs = new MessageEvent(
                "bot_message",
                "C1",
                "channel",
                null,
                "B_OWN",
                "A_OWN",
                "1.1",
                null,
                List.of(),
                List.of(block),
                List.of());

        var queued = (TriageDecision.Queue) triage.triage(callback(fromApp));

        assertThat(queued.request().files()).extracting(ScanItem::id).containsExactly("F1", block.id());
        assertThat(queued.request().userId()).isEqualTo("B_APP");
        assertThat(queued.request().dedupeKey())
                .as("a new message keeps its event id")
                .isNull();
        assertThat(triage.triage(callback(fromUs))).isInstanceOf(TriageDecision.Skip.class);
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
