package dev.bayan.match;

import dev.bayan.config.StoreConfig.LuceneConfig;
import dev.bayan.error.StoreUnavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded store: an on-disk Lucene HNSW index in the gateway's JVM.
 *
 * <p>Crash safety: every write ends with one Lucene commit, which is atomic (a new segments file is
 * fsynced and then published), and only then refreshes the searcher. After a crash the index opens
 * at the last completed commit: a post is either wholly there or not at all, and no write that
 * returned is lost. A write that throws (disk full) leaves its documents in the writer, so they
 * may still land with the next successful commit. {@code upsert} commits once per call, so callers
 * group posts to amortise the fsync.
 *
 * <p>Writes are serialised (one lock); searches run concurrently on the latest refreshed searcher.
 * The index remembers its vector dimension in the commit user data: opening it with another
 * dimension fails, since a model change needs a re-index.
 */
public final class LuceneVectorStore implements VectorStore {
  private static final String DIMENSION_KEY = "bayan.dimension";
  private static final String COMMIT_MILLIS_KEY = "bayan.lastCommitMillis";

  private final Path path;
  private final int dimension;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Object writeLock = new Object();
  private final int searchCandidates;
  private volatile long lastCommitMillis;

  public LuceneVectorStore(Path dir, int dimension, LuceneConfig cfg) {
    if (dimension < 1 || dimension > VectorCodec.MAX_DIMENSIONS) {
      throw new IllegalArgumentException("dimension must be 1.." + VectorCodec.MAX_DIMENSIONS + ", got " + dimension);
    }
    this.path = dir;
    this.dimension = dimension;
    this.searchCandidates = cfg.searchCandidates();
    Directory opened = null;
    IndexWriter openedWriter = null;
    try {
      opened = FSDirectory.open(dir); // MMapDirectory on 64-bit JVMs
      checkDimension(opened, dir, dimension);
      IndexWriterConfig config = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setCodec(VectorCodec.create(cfg));
      openedWriter = new IndexWriter(opened, config);
      this.directory = opened;
      this.writer = openedWriter;
      this.lastCommitMillis = commitMillis(openedWriter);
      if (!DirectoryReader.indexExists(opened)) commit(); // records the dimension in a fresh index
      this.searchers = new SearcherManager(openedWriter, new SearcherFactory());
    } catch (LockObtainFailedException e) {
      closeQuietly(opened);
      throw new IllegalStateException("the Lucene index at " + dir + " is in use by another process", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(openedWriter);
      closeQuietly(opened);
      if (e instanceof RuntimeException runtime) throw runtime;
      throw new StoreUnavailable("store_open_failed", "cannot open the Lucene index at " + dir + ": " + e, e);
    }
  }

  @Override
  public String kind() {
    return "embedded";
  }

  @Override
  public List<List<Neighbor>> search(List<VectorQuery> queries) {
    return withSearcher(searcher -> {
      // Lucene has no multi-vector kNN query: one searcher (one point-in-time view) serves the batch.
      List<List<Neighbor>> results = new ArrayList<>(queries.size());
      for (VectorQuery query : queries) results.add(searchOne(searcher, query));
      return results;
    });
  }

  private List<Neighbor> searchOne(IndexSearcher searcher, VectorQuery query) throws IOException {
    checkVector(query.vector());
    int candidates = Math.max(candidateCount(query.k()), searchCandidates);
    Query knn = new KnnFloatVectorQuery(PostFields.VECTOR, query.vector(), candidates, spaceFilter(query.spaces()));
    TopDocs top = searcher.search(knn, candidates);
    return ExactRescorer.rescore(searcher, top.scoreDocs, query.vector(), query.k());
  }

  /**
   * Asks the graph for more than k: HNSW explores about as many nodes as it returns, and exact
   * re-scoring can only reorder what was found.
   */
  static int candidateCount(int k) {
    return Math.max(2 * k, k + 10);
  }

  private static Query spaceFilter(List<String> spaces) {
    if (spaces.size() == 1) return new TermQuery(new Term(PostFields.SPACE, spaces.get(0)));
    return new TermInSetQuery(PostFields.SPACE, spaces.stream().map(BytesRef::new).toList());
  }

  @Override
  public void upsert(List<StoredPost> posts) {
    if (posts.isEmpty()) return;
    for (StoredPost post : posts) checkVector(post.vector());
    synchronized (writeLock) {
      write(() -> {
        for (StoredPost post : posts) {
          writer.updateDocument(idTerm(post.postId()), PostFields.toDocument(post));
        }
      });
    }
  }

  @Override
  public boolean delete(String postId) {
    synchronized (writeLock) {
      // Every write refreshes before releasing the lock, so the current searcher sees all of them.
      boolean existed = withSearcher(searcher -> searcher.count(new TermQuery(idTerm(postId))) > 0);
      if (existed) write(() -> writer.deleteDocuments(idTerm(postId)));
      return existed;
    }
  }

  @Override
  public Optional<StoredPost> get(String postId) {
    return withSearcher(searcher -> {
      TopDocs top = searcher.search(new TermQuery(idTerm(postId)), 1);
      if (top.scoreDocs.length == 0) return Optional.empty();
      int doc = top.scoreDocs[0].doc;
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
      int local = doc - leaf.docBase;
      FloatVectorValues vectors = leaf.reader().getFloatVectorValues(PostFields.VECTOR);
      KnnVectorValues.DocIndexIterator vectorDocs = vectors.iterator();
      if (vectorDocs.advance(local) != local) throw new IllegalStateException("post " + postId + " has no vector");
      float[] vector = vectors.vectorValue(vectorDocs.index()).clone();
      return Optional.of(PostFields.fromDocument(leaf.reader().storedFields().document(local), vector));
    });
  }

  @Override
  public void forEach(Consumer<StoredPost> visitor) {
    withSearcher(searcher -> {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) visitLeaf(leaf.reader(), visitor);
      return null;
    });
  }

  private static void visitLeaf(LeafReader reader, Consumer<StoredPost> visitor) throws IOException {
    FloatVectorValues vectors = reader.getFloatVectorValues(PostFields.VECTOR);
    if (vectors == null) return;
    Bits live = reader.getLiveDocs();
    StoredFields stored = reader.storedFields();
    KnnVectorValues.DocIndexIterator docs = vectors.iterator();
    for (int doc = docs.nextDoc(); doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
      if (live != null && !live.get(doc)) continue;
      Document fields = stored.document(doc);
      visitor.accept(PostFields.fromDocument(fields, vectors.vectorValue(docs.index()).clone()));
    }
  }

  @Override
  public StoreStats stats() {
    return withSearcher(searcher -> {
      IndexReader reader = searcher.getIndexReader();
      return new StoreStats(kind(), reader.numDocs(), perSpace(searcher), reader.leaves().size(), diskBytes(),
          lastCommitMillis);
    });
  }

  /** Live posts per space: term statistics count deleted documents, a count query does not. */
  private static Map<String, Long> perSpace(IndexSearcher searcher) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), PostFields.SPACE);
    if (terms == null) return counts;
    TermsEnum spaces = terms.iterator();
    for (BytesRef space = spaces.next(); space != null; space = spaces.next()) {
      Term term = new Term(PostFields.SPACE, BytesRef.deepCopyOf(space));
      long live = searcher.count(new TermQuery(term));
      if (live > 0) counts.put(term.text(), live);
    }
    return counts;
  }

  private long diskBytes() throws IOException {
    long total = 0;
    for (String file : directory.listAll()) {
      try {
        total += directory.fileLength(file);
      } catch (NoSuchFileException | java.io.FileNotFoundException e) {
        // a merge deleted it between listing and sizing: it no longer takes space
      }
    }
    return total;
  }

  @Override
  public void compact() {
    synchronized (writeLock) {
      write(() -> writer.forceMerge(1));
    }
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      try {
        searchers.close();
        writer.close(); // nothing is pending: every write committed
      } catch (IOException e) {
        throw new UncheckedIOException("closing the Lucene index at " + path, e);
      } finally {
        closeQuietly(directory);
      }
    }
  }

  /** Applies a change, commits it (group commit) and refreshes, so it is durable and searchable on return. */
  private void write(IndexChange change) {
    try {
      change.apply();
      commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new StoreUnavailable("store_write_failed", "Lucene write failed: " + e, e);
    } catch (AlreadyClosedException e) {
      throw new StoreUnavailable("store_closed", "the Lucene index is closed: " + e.getMessage(), e);
    }
  }

  private void commit() throws IOException {
    long now = System.currentTimeMillis();
    writer.setLiveCommitData(Map.of(DIMENSION_KEY, Integer.toString(dimension),
        COMMIT_MILLIS_KEY, Long.toString(now)).entrySet());
    writer.commit();
    lastCommitMillis = now;
  }

  private <T> T withSearcher(SearcherWork<T> work) {
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (AlreadyClosedException e) {
      throw new StoreUnavailable("store_closed", "the Lucene index is closed", e);
    } catch (IOException e) {
      throw new StoreUnavailable("store_read_failed", "Lucene searcher unavailable: " + e, e);
    }
    try {
      return work.apply(searcher);
    } catch (IOException e) {
      throw new StoreUnavailable("store_read_failed", "Lucene read failed: " + e, e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void checkVector(float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the store holds " + dimension);
    }
  }

  private static Term idTerm(String postId) {
    return new Term(PostFields.ID, postId);
  }

  /** Fails when the index was built for another embedding width: mixing them would be meaningless. */
  private static void checkDimension(Directory directory, Path dir, int expected) throws IOException {
    OptionalInt stored = storedDimension(directory);
    if (stored.isPresent() && stored.getAsInt() != expected) {
      throw new IllegalStateException("the Lucene index at " + dir + " holds " + stored.getAsInt()
          + "-dimensional vectors but the model produces " + expected
          + ": a model change needs a re-index (move the old index away and rebuild it)");
    }
  }

  private static OptionalInt storedDimension(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) return OptionalInt.empty();
    String recorded = SegmentInfos.readLatestCommit(directory).getUserData().get(DIMENSION_KEY);
    if (recorded != null) return OptionalInt.of(Integer.parseInt(recorded));
    try (DirectoryReader reader = DirectoryReader.open(directory)) { // an index not written by this class
      FieldInfo field = FieldInfos.getMergedFieldInfos(reader).fieldInfo(PostFields.VECTOR);
      return field == null ? OptionalInt.empty() : OptionalInt.of(field.getVectorDimension());
    }
  }

  private static long commitMillis(IndexWriter writer) {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data == null) return 0;
    for (Map.Entry<String, String> entry : data) {
      if (COMMIT_MILLIS_KEY.equals(entry.getKey())) return Long.parseLong(entry.getValue());
    }
    return 0;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) return;
    try {
      closeable.close();
    } catch (Exception e) {
      // already failing: the original error is the one worth reporting
    }
  }

  @FunctionalInterface
  private interface IndexChange {
    void apply() throws IOException;
  }

  @FunctionalInterface
  private interface SearcherWork<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }
}
