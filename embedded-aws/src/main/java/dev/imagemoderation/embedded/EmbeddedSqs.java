package dev.imagemoderation.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;
import scalikejdbc.ConnectionPool$;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ, a real SQS protocol server, inside this JVM on a free loopback port: in memory
 * ({@link #start()}), or durable ({@link #startDurable}), where every change to a message is
 * in an H2 file before the SQS call that made it is answered.
 */
public final class EmbeddedSqs implements AutoCloseable {

    /**
     * ElasticMQ's SQL persistence keeps one JDBC pool per JVM (scalikejdbc's singleton), so
     * two durable queues open at once would share one database.
     */
    private static final AtomicBoolean DURABLE_OPEN = new AtomicBoolean();

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

    private final SQSRestServer server;
    private final int port;
    private final ActorSystem ownSystem;

    private EmbeddedSqs(SQSRestServer server, int port, ActorSystem ownSystem) {
        this.server = server;
        this.port = port;
        this.ownSystem = ownSystem;
    }

    public static EmbeddedSqs start() {
        SQSRestServer server = builder().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new EmbeddedSqs(server, port, null);
    }

    /**
     * A queue server whose queues and messages (bodies, receive counts, visibility) live in
     * {@code dir/queue.mv.db}: what it has answered survives the process being killed, and a
     * start on the same directory serves them again.
     *
     * <p>H2 normally writes committed changes in the background, half a second late; a process
     * killed in that window loses them. {@code WRITE_DELAY=0} writes each commit before the
     * statement returns, and ElasticMQ answers an SQS call only after its persistence actor
     * has committed the change. The write reaches the operating system, not necessarily the
     * platter: a process kill loses nothing, a power cut may lose the last writes.
     */
    public static EmbeddedSqs startDurable(Path dir) {
        if (!DURABLE_OPEN.compareAndSet(false, true)) {
            throw new IllegalStateException("one durable queue server per JVM: ElasticMQ's SQL store is a singleton");
        }
        ActorSystem system = null;
        var pools = ConnectionPool$.MODULE$;
        try {
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queue") + ";WRITE_DELAY=0";
            // Point the singleton pool at this directory: ElasticMQ sets it only on its first use in a JVM.
            var poolSettings = pools.singleton$default$4();
            pools.singleton(url, "sa", "", poolSettings, pools.singleton$default$5(url, "sa", "", poolSettings));
            system = ActorSystem.create("elasticmq");
            ActorRef store = system.actorOf(Props.create(
                    SqlQueuePersistenceActor.class,
                    new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "sa", "", false),
                    List$.MODULE$.empty()));
            ActorRef queues = system.actorOf(Props.create(
                    QueueManagerActor.class, new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store)));
            Object restored = Patterns.ask(store, new QueueEvent.Restore(queues), RESTORE_TIMEOUT)
                    .toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (restored instanceof Either<?, ?> either && either.isLeft()) {
                throw new IllegalStateException("queues in " + dir + " could not be restored: " + either);
            }
            SQSRestServer server = builder()
                    .withActorSystem(system)
                    .withQueueManagerActor(queues)
                    .withQueueEventListener(store)
                    .start();
            int port = server.waitUntilStarted().localAddress().getPort();
            return new EmbeddedSqs(server, port, system);
        } catch (Exception e) {
            if (system != null) {
                system.terminate();
            }
            pools.closeAll();
            DURABLE_OPEN.set(false);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("durable queue in " + dir + " did not start: " + e, e);
        }
    }

    private static org.elasticmq.rest.sqs.TheSQSRestServerBuilder builder() {
        return SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                // "*" makes queue URLs follow the host and port the request came to.
                .withServerAddress(new NodeAddress("http", "*", 0, ""));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A real {@link SqsClient} pointed at this server, with dummy credentials. */
    public SqsClient client() {
        return client(Duration.ofSeconds(10));
    }

    public SqsClient client(Duration apiCallTimeout) {
        return SqsClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(LoopbackHttp.client())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(apiCallTimeout)
                        .build())
                .build();
    }

    /** Creates a queue and returns its URL. */
    public String createQueue(String name) {
        try (SqsClient sqs = client()) {
            return sqs.createQueue(b -> b.queueName(name)).queueUrl();
        }
    }

    @Override
    public void close() {
        server.stopAndWait();
        if (ownSystem != null) {
            try {
                ownSystem.terminate();
                ownSystem.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                ConnectionPool$.MODULE$.closeAll();
                DURABLE_OPEN.set(false);
            }
        }
    }
}
