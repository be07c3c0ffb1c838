package io.footfall.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions once per (model file, options) and hands the same session out again: sessions are
 * thread-safe for {@code run} and expensive to create. CPU unless CUDA is asked for, and then CUDA or a clear error.
 */
public final class OnnxSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    /**
     * @param intraOpThreads threads one inference may use; 0 lets ONNX Runtime choose (all cores)
     * @param cuda           run on the CUDA execution provider (needs the {@code -Pcuda} build and a GPU)
     * @param cudaDevice     GPU index when {@code cuda}
     */
    public record Options(int intraOpThreads, boolean cuda, int cudaDevice) {
        public Options {
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = ONNX Runtime's default), got " + intraOpThreads);
            }
        }

        public static Options cpu(int intraOpThreads) {
            return new Options(intraOpThreads, false, 0);
        }

        public static Options cuda(int device) {
            return new Options(0, true, device);
        }
    }

    private record Key(Path model, Options options) {}

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<Key, OrtSession> sessions = new ConcurrentHashMap<>();

    public OrtSession session(Path model, Options options) throws IOException {
        Key key = new Key(model.toAbsolutePath().normalize(), options);
        OrtSession existing = sessions.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            OrtSession again = sessions.get(key);
            if (again != null) {
                return again;
            }
            OrtSession created = create(key.model(), options);
            sessions.put(key, created);
            return created;
        }
    }

    /** Whether this ONNX Runtime build has the CUDA execution provider (the {@code onnxruntime_gpu} artefact). */
    public static boolean cudaAvailable() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    private OrtSession create(Path model, Options options) throws IOException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (options.cuda()) {
                if (!cudaAvailable()) {
                    throw new IllegalStateException("CUDA was requested, but this ONNX Runtime has no CUDA execution provider"
                            + " (available: " + OrtEnvironment.getAvailableProviders() + "). Build with -Pcuda to use"
                            + " onnxruntime_gpu, and install the CUDA and cuDNN versions it needs; or run on CPU");
                }
                try {
                    so.addCUDA(options.cudaDevice());
                } catch (OrtException e) {
                    throw new IllegalStateException("CUDA was requested but could not be initialised on device " + options.cudaDevice()
                            + ": " + e.getMessage() + ". Check the GPU driver, CUDA and cuDNN libraries, or run on CPU", e);
                }
            }
            OrtSession session = env.createSession(model.toString(), so);
            LOG.info("ONNX Runtime session for {} ({})", model.getFileName(), options.cuda() ? "CUDA " + options.cudaDevice()
                    : "CPU, " + (options.intraOpThreads() == 0 ? "default" : options.intraOpThreads()) + " threads");
            return session;
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (OrtSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX Runtime session failed", e);
            }
        }
        sessions.clear();
    }
}
