package io.footfall.runtime.kafka;

import io.footfall.runtime.ops.Replies;
import io.footfall.schemas.registry.IncompatibleSchemaException;
import io.footfall.schemas.registry.SchemaRegistry;
import io.footfall.schemas.registry.UnknownSchemaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A {@link SchemaRegistry} served over HTTP as the part of the Confluent Schema Registry REST API that Footfall's client
 * and Confluent-compatible serdes use: register a schema under a subject ({@code POST /subjects/S/versions}), look one
 * up ({@code POST /subjects/S}) and fetch one by id ({@code GET /schemas/ids/N}), with Confluent's error codes. The demo
 * serves its in-process registry this way, so that {@code footfall enroll} and any Confluent consumer can use it.
 */
public final class RegistryRoutes extends Handler.Abstract {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Largest request body read: a schema, with room to spare. */
    static final int MAX_BODY = 1 << 20;

    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions/?");
    private static final Pattern LOOK_UP = Pattern.compile("/subjects/([^/]+)/?");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d{1,9})/?");

    private final String prefix;
    private final SchemaRegistry registry;

    /** @param prefix the path the registry is served under (e.g. {@code /registry}), without a trailing slash */
    public RegistryRoutes(String prefix, SchemaRegistry registry) {
        this.prefix = prefix;
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath().substring(prefix.length());
        String method = request.getMethod();
        try {
            Matcher m;
            if ((m = REGISTER.matcher(path)).matches() && method.equals("POST")) {
                reply(response, callback, 200, Map.of("id", registry.register(m.group(1), schemaOf(request))));
            } else if ((m = LOOK_UP.matcher(path)).matches() && method.equals("POST")) {
                Schema schema = schemaOf(request);
                reply(response, callback, 200, Map.of("subject", m.group(1), "id", registry.idOf(m.group(1), schema), "schema", schema.toString()));
            } else if ((m = BY_ID.matcher(path)).matches() && method.equals("GET")) {
                reply(response, callback, 200, Map.of("schema", registry.schemaById(Integer.parseInt(m.group(1))).toString()));
            } else {
                error(response, callback, 404, 404, "no such resource: " + method + " " + prefix + path
                        + " (this registry serves POST /subjects/S/versions, POST /subjects/S and GET /schemas/ids/N)");
            }
        } catch (BadRequest e) {
            error(response, callback, 422, 42201, e.getMessage());
        } catch (UnknownSchemaException e) {
            error(response, callback, 404, path.startsWith("/schemas") ? 40403 : 40401, e.getMessage());
        } catch (IncompatibleSchemaException e) {
            error(response, callback, 409, 409, e.getMessage());
        }
        return true;
    }

    private static Schema schemaOf(Request request) {
        String body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new BadRequest("the request body is over " + MAX_BODY + " bytes");
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadRequest("the request body could not be read: " + e.getMessage());
        }
        try {
            String text = Replies.JSON.readTree(body).path("schema").asText(null);
            if (text == null) {
                throw new BadRequest("the body has no \"schema\" field");
            }
            return new Schema.Parser().parse(text);
        } catch (IOException | SchemaParseException e) {
            throw new BadRequest("the schema is not valid Avro: " + e.getMessage());
        }
    }

    private static void reply(Response response, Callback callback, int status, Object body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Replies.bytes(response, callback, status, CONTENT_TYPE, Replies.toJson(body));
    }

    private static void error(Response response, Callback callback, int status, int code, String message) {
        reply(response, callback, status, Map.of("error_code", code, "message", message));
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
