package io.footfall.matcher;

import io.footfall.matcher.web.WebPage;
import io.footfall.runtime.Service;
import io.footfall.runtime.ServiceContext;
import io.footfall.runtime.ops.Health;
import io.footfall.runtime.streams.StreamsService;
import io.footfall.schema.Identity;
import io.footfall.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** The matcher as a service: gallery, tracks and visits over Kafka Streams. */
public final class MatcherService implements Service {

    public static final String NAME = "matcher";
    /** The component of {@code /health} that is UP once the identity API and the web page serve. */
    public static final String API_COMPONENT = "matcher-api";

    private final ServiceContext context;
    private final Gallery gallery;
    private final StreamsService streams;
    private KafkaProducer<String, byte[]> producer;
    private WebPage web;
    private volatile boolean serving;
    private IdentityApi api;

    public MatcherService(ServiceContext context) {
        this.context = context;
        MatcherRules rules = MatcherRules.from(context.config());
        this.gallery = new Gallery(rules.modelId(), rules.dimension(), rules.approximateAbove(),
                context.config().get(MatcherSettings.APPROXIMATE_CANDIDATES));
        VisitorRegistry visitors = new VisitorRegistry(rules.visitorThreshold(), rules.visitorRetention());
        IdentityVote vote = new IdentityVote(gallery, rules.thresholds(), visitors, rules.votes());
        MatcherMetrics metrics = new MatcherMetrics(context.meters(), gallery);
        this.streams = new StreamsService(NAME, context, MatcherTopology.build(context.serdes(), rules, gallery, vote, visitors, metrics,
                Clock.systemUTC()));
    }

    public Gallery gallery() {
        return gallery;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        // /health is DOWN until the identity API and the web page serve: they load the photo models after Streams starts
        context.ops().register(API_COMPONENT, this::apiHealth);
        context.ensureTopics(List.of(Topics.EMBEDDINGS, Topics.IDENTITIES, Topics.VISITORS, Topics.RECOGNITION_EVENTS, Topics.FOOTFALL_COUNTS, Topics.DEAD_LETTERS));
        streams.start();
        producer = context.producer(Topics.IDENTITIES, "footfall-matcher-api", Map.of());
        ApiAccess access = ApiAccess.from(context.config());
        api = IdentityApi.create(context.config(), access,
                () -> streams.store(StoreQueryParameters.fromNameAndType(MatcherTopology.IDENTITIES_STORE,
                        QueryableStoreTypes.<String, Identity>keyValueStore())),
                producer, context.serdes().valueSerde(Topics.IDENTITIES).serializer(), context.meters());
        context.ops().route(IdentityApi.IDENTITIES, api);
        context.ops().route(IdentityApi.VERIFY, api);
        web = WebPage.start(context, "footfall-matcher-web", access);
        serving = true;
    }

    /** The web page's in-memory view of events and counts (null before start). */
    public WebPage web() {
        return web;
    }

    @Override
    public Health health() {
        Health api = apiHealth();
        return api.up() ? streams.health() : api;
    }

    private Health apiHealth() {
        return serving ? Health.up("serving " + IdentityApi.IDENTITIES + ", " + IdentityApi.VERIFY + " and the web page")
                : Health.down("starting: loading the photo models; the identity API and web page are not serving yet");
    }

    public StreamsService streams() {
        return streams;
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        if (api != null) {
            api.close();
        }
        streams.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
