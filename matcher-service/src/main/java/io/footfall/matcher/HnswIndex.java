package io.footfall.matcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Approximate cosine top-k with Lucene's HNSW graph (in memory), for galleries too large for a
 * linear scan. Lucene was chosen over a hand-written graph because it is maintained, handles
 * deletes and updates, and its HNSW is well tested; the recall it gives up is measured in
 * docs/BENCHMARKS.md.
 */
public final class HnswIndex implements GalleryIndex {

    private static final String OWNER = "owner";
    private static final String VECTOR = "v";

    private final int dimension;
    private final int candidates;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile boolean dirty;

    /**
     * @param candidates neighbours the graph search visits per query (Lucene's k for the query);
     *     more is slower and closer to exact
     */
    public HnswIndex(int dimension, int candidates) {
        this.dimension = dimension;
        this.candidates = candidates;
        try {
            IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(256);
            this.writer = new IndexWriter(new ByteBuffersDirectory(), config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String owner, List<float[]> templates) {
        List<Document> docs = new ArrayList<>(templates.size());
        for (float[] t : templates) {
            if (t.length != dimension) {
                throw new IllegalArgumentException("template of " + owner + " has dimension " + t.length + ", index has " + dimension);
            }
            Document doc = new Document();
            doc.add(new StringField(OWNER, owner, Field.Store.NO));
            doc.add(new StoredField(OWNER, owner));
            doc.add(new KnnFloatVectorField(VECTOR, t, VectorSimilarityFunction.DOT_PRODUCT));
            docs.add(doc);
        }
        try {
            writer.updateDocuments(new Term(OWNER, owner), docs);
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void remove(String owner) {
        try {
            writer.deleteDocuments(new Term(OWNER, owner));
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Hit> search(float[] query, int k) {
        return search(query, k, candidates);
    }

    /** The best {@code k} owners, visiting {@code candidates} neighbours in the graph (more: slower, closer to exact). */
    public List<Hit> search(float[] query, int k, int candidates) {
        try {
            if (dirty) {
                dirty = false;
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates)), Math.max(k, candidates));
                List<Hit> best = new ArrayList<>(k + 1);
                for (ScoreDoc hit : top.scoreDocs) {
                    String owner = searcher.storedFields().document(hit.doc).get(OWNER);
                    // Lucene scores a dot product as (1 + dot) / 2
                    ExactIndex.offer(best, new Hit(owner, 2 * hit.score - 1), k);
                }
                return best;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges the graph into one segment: slower to build, faster to search. For bulk loads. */
    public void optimize() {
        try {
            writer.forceMerge(1);
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int size() {
        return writer.getDocStats().numDocs;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
