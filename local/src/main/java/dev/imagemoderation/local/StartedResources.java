package dev.imagemoderation.local;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start-up has started so far, closed in reverse order: after a full start by {@code close()},
 * and after a start that failed half-way by the constructor that failed, so that nothing it had
 * started is left running (a port bound, a thread alive, a store locked).
 */
final class StartedResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartedResources.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<AutoCloseable> closed = new ArrayList<>();

    synchronized <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    /** What is kept now, in start order. */
    synchronized List<AutoCloseable> kept() {
        return List.copyOf(started);
    }

    /** What {@link #close()} has closed, last started first. */
    synchronized List<AutoCloseable> closed() {
        return List.copyOf(closed);
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            closed.add(started.get(i));
            try {
                started.get(i).close();
            } catch (Exception e) {
                // Shutting down: note it and keep closing the rest.
                LOG.atDebug()
                        .setCause(e)
                        .log("closing " + started.get(i).getClass().getSimpleName() + " failed");
            }
        }
        started.clear();
    }
}
