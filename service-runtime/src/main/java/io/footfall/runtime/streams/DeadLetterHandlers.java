package io.footfall.runtime.streams;

import io.footfall.schema.FailureStage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams error handlers that send a poison record to the dead-letter topic and carry on.
 * The dead letter is produced by Streams itself, inside the task's transaction under exactly-once,
 * so a record is either processed or dead-lettered, never lost and never both.
 */
public final class DeadLetterHandlers {

    /** Key under which {@link StreamsService} passes the {@link DeadLetters} instance to the handlers. */
    public static final String DEAD_LETTERS_CONFIG = "footfall.dead-letters";

    private DeadLetterHandlers() {}

    static DeadLetters from(Map<String, ?> configs) {
        Object value = configs.get(DEAD_LETTERS_CONFIG);
        if (!(value instanceof DeadLetters deadLetters)) {
            throw new IllegalStateException("Streams config lacks " + DEAD_LETTERS_CONFIG + "; start services through StreamsService");
        }
        return deadLetters;
    }

    static DeadLetters.Source source(ErrorHandlerContext context, byte[] key, byte[] value) {
        return new DeadLetters.Source(context.topic(), context.partition(), context.offset(), context.timestamp(),
                key, value, context.headers());
    }

    /** A record whose bytes cannot be read: garbage, an unknown schema id, a wrong magic byte. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            DeadLetters.Source source = new DeadLetters.Source(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), record.key(), record.value(), record.headers());
            ProducerRecord<byte[], byte[]> letter = deadLetters.record(FailureStage.DESERIALIZATION, source,
                    DeadLetters.reasonOf(exception), exception);
            if (deadLetters.isGlobal(record.topic())) {
                // Streams' global thread cannot produce: handing it the letter would kill the thread
                deadLetters.sendDirect(letter);
                return Response.resume();
            }
            return Response.resume(List.of(letter));
        }
    }

    /** A record that broke the service's own logic (a {@link PoisonRecordException} or any other error). */
    public static final class Processing implements ProcessingExceptionHandler {
        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            return Response.resume(List.of(deadLetters.record(FailureStage.PROCESSING,
                    source(context, context.sourceRawKey(), context.sourceRawValue()), DeadLetters.reasonOf(exception), exception)));
        }
    }

    /**
     * Output that cannot be written: a serialisation failure or a record the broker refuses as too
     * large goes to the dead-letter topic; transient errors are retried; anything else stops the
     * task, since skipping it silently would lose data.
     */
    public static final class Production implements ProductionExceptionHandler {
        private DeadLetters deadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = from(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RetriableException) {
                return Response.retry();
            }
            if (exception instanceof RecordTooLargeException) {
                return Response.resume(List.of(deadLetters.record(FailureStage.PRODUCTION,
                        source(context, context.sourceRawKey(), context.sourceRawValue()),
                        "output to " + record.topic() + " is too large for the broker: " + DeadLetters.reasonOf(exception)
                                + "; raise kafka.max-message-bytes (and the broker's message.max.bytes)", exception)));
            }
            return Response.fail();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            return Response.resume(List.of(deadLetters.record(FailureStage.PRODUCTION,
                    source(context, context.sourceRawKey(), context.sourceRawValue()),
                    "cannot serialise output " + origin.name().toLowerCase() + " for " + record.topic() + ": "
                            + DeadLetters.reasonOf(exception), exception)));
        }
    }
}
