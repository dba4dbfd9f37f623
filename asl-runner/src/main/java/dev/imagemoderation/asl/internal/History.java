package dev.imagemoderation.asl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.HistoryEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The growing history of one execution. Appends are serialised: Map iterations write concurrently. */
public final class History {

    private final Clock clock;
    private final List<HistoryEvent> events = new ArrayList<>();
    private final Consumer<HistoryEvent> listener;

    public History(Clock clock, Consumer<HistoryEvent> listener) {
        this(clock, listener, List.of());
    }

    /** A history restored from a store, continuing its numbering. */
    public History(Clock clock, Consumer<HistoryEvent> listener, List<HistoryEvent> restored) {
        this.clock = clock;
        this.listener = listener;
        this.events.addAll(restored);
    }

    public synchronized HistoryEvent add(String type, Object... keyValues) {
        ObjectNode details = Values.MAPPER.createObjectNode();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v == null) {
                continue;
            }
            details.set((String) keyValues[i], v instanceof JsonNode j ? j : Values.MAPPER.valueToTree(v));
        }
        long id = events.size() + 1L;
        HistoryEvent e = new HistoryEvent(id, id - 1, clock.instant(), type, details);
        events.add(e);
        listener.accept(e);
        return e;
    }

    public synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }
}
