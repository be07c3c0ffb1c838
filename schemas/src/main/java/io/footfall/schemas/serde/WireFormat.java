package io.footfall.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * int, then the Avro binary encoding of the record.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId} at the start of {@code out}. */
    public static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC).putInt(schemaId);
    }

    /**
     * Reads the schema id from a serialised record, refusing anything that is not in the wire format
     * with a message that says what the bytes look like instead.
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on topic '" + topic + "' is " + data.length
                    + " bytes, shorter than the 5-byte Confluent wire-format header: it was not written by an Avro serializer of the registry.");
        }
        if (data[0] != MAGIC) {
            throw new SerializationException(String.format(
                    "Record on topic '%s' starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00%s: "
                            + "it was not written by a registry-aware Avro serializer.",
                    topic, data[0] & 0xff, looksLikeText(data) ? " (the bytes look like text/JSON)" : ""));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    private static boolean looksLikeText(byte[] data) {
        int n = Math.min(data.length, 16);
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
