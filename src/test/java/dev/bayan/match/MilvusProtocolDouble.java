package dev.bayan.match;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CheckHealthRequest;
import io.milvus.grpc.CheckHealthResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.CreatePartitionRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.FlushRequest;
import io.milvus.grpc.FlushResponse;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetFlushStateRequest;
import io.milvus.grpc.GetFlushStateResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetQuerySegmentInfoRequest;
import io.milvus.grpc.GetQuerySegmentInfoResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.HasPartitionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ManualCompactionRequest;
import io.milvus.grpc.ManualCompactionResponse;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.QuerySegmentInfo;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ShowPartitionsRequest;
import io.milvus.grpc.ShowPartitionsResponse;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.UpsertRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A protocol double of a Milvus server: an in-process gRPC server on 127.0.0.1 that speaks the
 * Milvus proto (the SDK's generated stubs) for exactly the calls the Milvus store and the SDK
 * client make, backed by in-memory rows and exact search. It is not a Milvus: no segments, no
 * indexes really built, everything visible at once (as with STRONG consistency), one database.
 * It keeps the semantics the store relies on: partitions must exist, upsert replaces by primary
 * key, delete and filters work, top-k and inner-product scores are exact, search and query need a
 * loaded collection, and loading needs an index on every vector field.
 *
 * <p>It records every request (tests assert on them), can answer the next N calls of a method
 * with a gRPC status (fault injection), and can be stopped and restarted on the same port with
 * its data kept.
 */
public final class MilvusProtocolDouble implements AutoCloseable {
  /** Milvus's own status codes for the failures the double reports. */
  static final int COLLECTION_NOT_FOUND = 100;
  static final int COLLECTION_NOT_LOADED = 101;
  static final int PARTITION_NOT_FOUND = 202;
  static final int INDEX_NOT_FOUND = 700;
  static final int INVALID_PARAMETER = 1100;

  /** One request as it arrived; {@code message} is null for calls refused by fault injection. */
  public record Call(String method, Message message) {}

  private final Map<String, MilvusDoubleCollection> collections = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicLong ids = new AtomicLong(1);
  private final int port;
  private Server server;

  private record Fault(AtomicInteger remaining, Status.Code code) {}

  private MilvusProtocolDouble(int port) throws IOException {
    this.server = build(port).start();
    this.port = server.getPort();
  }

  /** Starts on a free port of 127.0.0.1. */
  public static MilvusProtocolDouble start() throws IOException {
    return new MilvusProtocolDouble(0);
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** Drops every connection and stops listening; the data stays for {@link #restart()}. */
  public synchronized void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Listens again on the same port, with the same data. */
  public synchronized void restart() throws IOException {
    server = build(port).start();
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The next {@code times} calls of {@code method} (e.g. "Search") fail with {@code code}. */
  public void failNext(String method, int times, Status.Code code) {
    faults.put(method, new Fault(new AtomicInteger(times), code));
  }

  /** The next {@code times} calls of {@code method} are never answered (a hung server). */
  public void stallNext(String method, int times) {
    faults.put(method, new Fault(new AtomicInteger(times), null));
  }

  /** The timestamp of the latest mutation (Milvus's hybrid timestamps, simplified to a counter). */
  public long lastTimestamp() {
    return clock.get();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** How many times {@code method} was called, refused calls included. */
  public long callCount(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).count();
  }

  /** The requests of one type that reached the service, in order. */
  public <T extends Message> List<T> requests(Class<T> type) {
    return calls.stream().map(Call::message).filter(type::isInstance).map(type::cast).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Direct access for set-up that would be slow through the SDK (the benchmark's 100k rows). */
  MilvusDoubleCollection collection(String name) {
    return collections.get(name);
  }

  private Server build(int listenPort) {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", listenPort))
        .maxInboundMessageSize(256 << 20)
        .addService(ServerInterceptors.intercept(new Service(), new Recorder()))
        .build();
  }

  /** Records each call and applies injected faults before the service sees it. */
  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
      String method = call.getMethodDescriptor().getBareMethodName();
      Fault fault = faults.get(method);
      if (fault != null && fault.remaining().getAndDecrement() > 0) {
        calls.add(new Call(method, null));
        if (fault.code() != null) {
          call.close(Status.fromCode(fault.code()).withDescription("injected by the protocol double"), new Metadata());
        }
        return new ServerCall.Listener<>() {}; // a stalled call stays open until the client gives up
      }
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onMessage(Q message) {
          calls.add(new Call(method, (Message) message));
          super.onMessage(message);
        }
      };
    }
  }

  private static io.milvus.grpc.Status ok() {
    return io.milvus.grpc.Status.getDefaultInstance(); // code 0 (and the deprecated error_code Success)
  }

  /** Milvus 2.6 reports failures by {@code code}; the deprecated {@code error_code} is left unset. */
  private static io.milvus.grpc.Status error(int code, String reason) {
    return io.milvus.grpc.Status.newBuilder().setCode(code).setReason(reason).build();
  }

  /** A Milvus error answer, thrown inside the service and turned into the response's status. */
  private static final class MilvusError extends RuntimeException {
    final int code;

    MilvusError(int code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }

  private MilvusDoubleCollection existing(String name) {
    MilvusDoubleCollection c = collections.get(name);
    if (c == null) throw new MilvusError(COLLECTION_NOT_FOUND, "collection not found[collection=" + name + "]");
    return c;
  }

  private static void requireLoaded(MilvusDoubleCollection c) {
    if (!c.loaded) throw new MilvusError(COLLECTION_NOT_LOADED, "collection not loaded[collection=" + c.name + "]");
  }

  private static void requirePartitions(MilvusDoubleCollection c, List<String> names) {
    for (String p : names) {
      if (!c.partitions.containsKey(p)) throw new MilvusError(PARTITION_NOT_FOUND, "partition not found[partition=" + p + "]");
    }
  }

  private static Map<String, String> params(List<KeyValuePair> pairs) {
    Map<String, String> m = new HashMap<>();
    for (KeyValuePair p : pairs) m.put(p.getKey(), p.getValue());
    return m;
  }

  /**
   * Answers with {@code body}, or with {@code onError(status)} when it throws a Milvus error or
   * an argument error, the way Milvus reports failures inside a successful gRPC response.
   */
  private static <T> void answer(StreamObserver<T> out, java.util.function.Supplier<T> body,
                                 java.util.function.Function<io.milvus.grpc.Status, T> onError) {
    T response;
    try {
      response = body.get();
    } catch (MilvusError e) {
      response = onError.apply(error(e.code, e.getMessage()));
    } catch (IllegalArgumentException e) {
      response = onError.apply(error(INVALID_PARAMETER, e.getMessage()));
    }
    out.onNext(response);
    out.onCompleted();
  }

  private final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {
    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
      answer(out, () -> ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(ids.getAndIncrement()).build(),
          s -> ConnectResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> out) {
      answer(out, () -> ListDatabasesResponse.newBuilder().setStatus(ok()).addDbNames("default").build(),
          s -> ListDatabasesResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> out) {
      answer(out, () -> CheckHealthResponse.newBuilder().setStatus(ok()).setIsHealthy(true).build(),
          s -> CheckHealthResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
      answer(out, () -> BoolResponse.newBuilder().setStatus(ok())
              .setValue(collections.containsKey(request.getCollectionName())).build(),
          s -> BoolResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
      answer(out, () -> {
        CollectionSchema schema;
        try {
          schema = CollectionSchema.parseFrom(request.getSchema());
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException("unreadable schema", e);
        }
        String name = request.getCollectionName();
        MilvusDoubleCollection created = new MilvusDoubleCollection(ids.getAndIncrement(), name, schema,
            request.getConsistencyLevelValue());
        if (collections.putIfAbsent(name, created) != null) {
          throw new MilvusError(65535, "collection already exists[collection=" + name + "]");
        }
        return ok();
      }, s -> s);
    }

    @Override
    public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          return DescribeCollectionResponse.newBuilder().setStatus(ok()).setSchema(c.schema).setCollectionID(c.id)
              .setCollectionName(c.name).setDbName("default").setNumPartitions(c.partitions.size()).setShardsNum(1)
              .setConsistencyLevelValue(c.consistencyLevel).setUpdateTimestamp(1).build();
        }
      }, s -> DescribeCollectionResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<io.milvus.grpc.Status> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          FieldSchema f = c.field(request.getFieldName());
          Map<String, String> p = params(request.getExtraParamsList());
          boolean vector = f.getDataType() == DataType.FloatVector || f.getDataType() == DataType.BinaryVector;
          if (vector && !p.containsKey("metric_type")) throw new IllegalArgumentException("metric type not set for vector index");
          if (f.getDataType() == DataType.BinaryVector && !"HAMMING".equals(p.get("metric_type"))
              && !"JACCARD".equals(p.get("metric_type"))) {
            throw new IllegalArgumentException("binary vector index does not support metric type " + p.get("metric_type"));
          }
          if (c.indexes.containsKey(f.getName())) throw new IllegalArgumentException("at most one distinct index is allowed per field");
          c.indexes.put(f.getName(), request.getExtraParamsList());
        }
        return ok();
      }, s -> s);
    }

    @Override
    public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          DescribeIndexResponse.Builder b = DescribeIndexResponse.newBuilder().setStatus(ok());
          c.indexes.forEach((field, p) -> {
            if (request.getFieldName().isEmpty() || request.getFieldName().equals(field)) {
              b.addIndexDescriptions(IndexDescription.newBuilder().setIndexName(field).setFieldName(field)
                  .addAllParams(p).setState(IndexState.Finished).setTotalRows(c.rowCount()).setIndexedRows(c.rowCount()));
            }
          });
          if (b.getIndexDescriptionsCount() == 0) throw new MilvusError(INDEX_NOT_FOUND, "index not found[collection=" + c.name + "]");
          return b.build();
        }
      }, s -> DescribeIndexResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void loadCollection(LoadCollectionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          for (FieldSchema f : c.schema.getFieldsList()) {
            boolean vector = f.getDataType() == DataType.FloatVector || f.getDataType() == DataType.BinaryVector;
            if (vector && !c.indexes.containsKey(f.getName())) {
              throw new MilvusError(INDEX_NOT_FOUND, "there is no vector index on field: [" + f.getName() + "], please create index firstly");
            }
          }
          c.loaded = true;
        }
        return ok();
      }, s -> s);
    }

    @Override
    public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = collections.get(request.getCollectionName());
        LoadState state = c == null ? LoadState.LoadStateNotExist : c.loaded ? LoadState.LoadStateLoaded : LoadState.LoadStateNotLoad;
        return GetLoadStateResponse.newBuilder().setStatus(ok()).setState(state).build();
      }, s -> GetLoadStateResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void showPartitions(ShowPartitionsRequest request, StreamObserver<ShowPartitionsResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          return ShowPartitionsResponse.newBuilder().setStatus(ok()).addAllPartitionNames(c.partitions.keySet())
              .addAllPartitionIDs(c.partitions.values()).build();
        }
      }, s -> ShowPartitionsResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void hasPartition(HasPartitionRequest request, StreamObserver<BoolResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          return BoolResponse.newBuilder().setStatus(ok()).setValue(c.partitions.containsKey(request.getPartitionName())).build();
        }
      }, s -> BoolResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void createPartition(CreatePartitionRequest request, StreamObserver<io.milvus.grpc.Status> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        String name = request.getPartitionName();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,254}")) {
          throw new IllegalArgumentException("Partition name can only contain numbers, letters and underscores: " + name);
        }
        synchronized (c) {
          c.partitions.putIfAbsent(name, ids.getAndIncrement()); // idempotent, as Milvus is for an existing name
        }
        return ok();
      }, s -> s);
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<MutationResult> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        String partition = request.getPartitionName().isEmpty() ? "_default" : request.getPartitionName();
        synchronized (c) {
          requirePartitions(c, List.of(partition));
          List<String> written = c.upsert(partition, request.getFieldsDataList(), request.getNumRows());
          return MutationResult.newBuilder().setStatus(ok())
              .setIDs(IDs.newBuilder().setStrId(StringArray.newBuilder().addAllData(written)))
              .setUpsertCnt(written.size()).setTimestamp(clock.incrementAndGet()).build();
        }
      }, s -> MutationResult.newBuilder().setStatus(s).build());
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          if (!request.getPartitionName().isEmpty()) requirePartitions(c, List.of(request.getPartitionName()));
          if (request.getExpr().isBlank()) throw new IllegalArgumentException("delete needs an expression");
          int n = c.delete(request.getPartitionName(),
              MilvusDoubleFilter.parse(request.getExpr(), request.getExprTemplateValuesMap()));
          return MutationResult.newBuilder().setStatus(ok()).setDeleteCnt(n).setTimestamp(clock.incrementAndGet()).build();
        }
      }, s -> MutationResult.newBuilder().setStatus(s).build());
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResults> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          requireLoaded(c);
          requirePartitions(c, request.getPartitionNamesList());
          List<MilvusDoubleCollection.Row> rows = c.query(request.getPartitionNamesList(), request.getExpr(),
              request.getExprTemplateValuesMap());
          QueryResults.Builder b = QueryResults.newBuilder().setStatus(ok()).setCollectionName(c.name)
              .setPrimaryFieldName(c.primaryName()).setSessionTs(clock.get());
          if (request.getOutputFieldsList().equals(List.of("count(*)"))) {
            FieldData count = FieldData.newBuilder().setFieldName("count(*)").setType(DataType.Int64)
                .setScalars(io.milvus.grpc.ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(rows.size())))
                .build();
            return b.addFieldsData(count).addOutputFields("count(*)").build();
          }
          Map<String, String> p = params(request.getQueryParamsList());
          if (request.getExpr().isBlank() && !p.containsKey("limit")) {
            throw new IllegalArgumentException("empty expression should be used with limit");
          }
          int offset = Integer.parseInt(p.getOrDefault("offset", "0"));
          int limit = Integer.parseInt(p.getOrDefault("limit", String.valueOf(Integer.MAX_VALUE)));
          List<MilvusDoubleCollection.Row> page = rows.subList(Math.min(offset, rows.size()),
              (int) Math.min(rows.size(), (long) offset + limit));
          for (String field : outputFields(c, request.getOutputFieldsList())) {
            b.addFieldsData(c.column(field, page)).addOutputFields(field);
          }
          return b.build();
        }
      }, s -> QueryResults.newBuilder().setStatus(s).build());
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResults> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        Map<String, String> p = params(request.getSearchParamsList());
        String anns = p.getOrDefault("anns_field", c.floatVectorName());
        if (!anns.equals(c.floatVectorName())) throw new IllegalArgumentException("the double searches float vectors only");
        int topk = Integer.parseInt(p.getOrDefault("topk", "0"));
        if (topk < 1 || topk > 16384) throw new IllegalArgumentException("topk [" + topk + "] is invalid, it should be in range [1, 16384]");
        float[][] queries = queryVectors(request.getPlaceholderGroup(), c.dim());
        if (queries.length != request.getNq()) throw new IllegalArgumentException("nq does not match the placeholder group");
        synchronized (c) {
          requireLoaded(c);
          requirePartitions(c, request.getPartitionNamesList());
          String indexMetric = params(c.indexes.get(anns)).get("metric_type");
          if (p.containsKey("metric_type") && !p.get("metric_type").equals(indexMetric)) {
            throw new IllegalArgumentException("metric type not match: invalid parameter[expected=" + indexMetric
                + "][actual=" + p.get("metric_type") + "]");
          }
          Predicate<Map<String, Object>> filter = MilvusDoubleFilter.parse(request.getDsl(), request.getExprTemplateValuesMap());
          List<MilvusDoubleCollection.Hits> hits = c.search(queries, topk, request.getPartitionNamesList(), filter);
          SearchResultData.Builder data = SearchResultData.newBuilder().setNumQueries(queries.length).setTopK(topk)
              .setPrimaryFieldName(c.primaryName());
          StringArray.Builder idList = StringArray.newBuilder();
          List<MilvusDoubleCollection.Row> hitRows = new ArrayList<>();
          for (MilvusDoubleCollection.Hits h : hits) {
            data.addTopks(h.slots().length);
            for (int i = 0; i < h.slots().length; i++) {
              MilvusDoubleCollection.Row row = c.rowAt(h.slots()[i]);
              hitRows.add(row);
              idList.addData((String) row.values.get(c.primaryName()));
              data.addScores(h.scores()[i]);
            }
          }
          data.setIds(IDs.newBuilder().setStrId(idList));
          for (String field : request.getOutputFieldsList()) {
            data.addFieldsData(c.column(field, hitRows)).addOutputFields(field);
          }
          return SearchResults.newBuilder().setStatus(ok()).setResults(data).setCollectionName(c.name)
              .setSessionTs(clock.get()).build();
        }
      }, s -> SearchResults.newBuilder().setStatus(s).build());
    }

    @Override
    public void flush(FlushRequest request, StreamObserver<FlushResponse> out) {
      answer(out, () -> {
        FlushResponse.Builder b = FlushResponse.newBuilder().setStatus(ok()).setDbName("default");
        for (String name : request.getCollectionNamesList()) {
          existing(name);
          b.putCollSegIDs(name, LongArray.newBuilder().build()).putCollFlushTs(name, clock.get());
        }
        return b.build();
      }, s -> FlushResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void getFlushState(GetFlushStateRequest request, StreamObserver<GetFlushStateResponse> out) {
      answer(out, () -> GetFlushStateResponse.newBuilder().setStatus(ok()).setFlushed(true).build(),
          s -> GetFlushStateResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void manualCompaction(ManualCompactionRequest request, StreamObserver<ManualCompactionResponse> out) {
      answer(out, () -> {
        boolean known = collections.values().stream().anyMatch(c -> c.id == request.getCollectionID());
        if (!known) throw new MilvusError(COLLECTION_NOT_FOUND, "collection not found[collectionID=" + request.getCollectionID() + "]");
        return ManualCompactionResponse.newBuilder().setStatus(ok()).setCompactionID(ids.getAndIncrement())
            .setCompactionPlanCount(1).build();
      }, s -> ManualCompactionResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void getQuerySegmentInfo(GetQuerySegmentInfoRequest request, StreamObserver<GetQuerySegmentInfoResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          GetQuerySegmentInfoResponse.Builder b = GetQuerySegmentInfoResponse.newBuilder().setStatus(ok());
          if (c.loaded) {
            // One growing segment per partition that holds rows: the double has no real segments.
            c.partitions.forEach((name, partitionId) -> {
              long rows = c.rowCount(name);
              if (rows > 0) b.addInfos(QuerySegmentInfo.newBuilder().setSegmentID(partitionId).setCollectionID(c.id)
                  .setPartitionID(partitionId).setNumRows(rows));
            });
          }
          return b.build();
        }
      }, s -> GetQuerySegmentInfoResponse.newBuilder().setStatus(s).build());
    }

    @Override
    public void getCollectionStatistics(GetCollectionStatisticsRequest request,
                                        StreamObserver<GetCollectionStatisticsResponse> out) {
      answer(out, () -> {
        MilvusDoubleCollection c = existing(request.getCollectionName());
        synchronized (c) {
          return GetCollectionStatisticsResponse.newBuilder().setStatus(ok()).addStats(KeyValuePair.newBuilder()
              .setKey("row_count").setValue(String.valueOf(c.rowCount()))).build();
        }
      }, s -> GetCollectionStatisticsResponse.newBuilder().setStatus(s).build());
    }
  }

  private static List<String> outputFields(MilvusDoubleCollection c, List<String> requested) {
    List<String> fields = new ArrayList<>();
    fields.add(c.primaryName());
    for (String f : requested) {
      if (f.equals("*")) {
        c.schema.getFieldsList().forEach(s -> {
          if (!fields.contains(s.getName())) fields.add(s.getName());
        });
      } else if (!fields.contains(f)) {
        c.field(f); // refuses unknown fields
        fields.add(f);
      }
    }
    return fields;
  }

  /** Float vectors are sent as little-endian float bytes, one placeholder value per query. */
  private static float[][] queryVectors(ByteString group, int dim) {
    PlaceholderGroup parsed;
    try {
      parsed = PlaceholderGroup.parseFrom(group);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("unreadable placeholder group", e);
    }
    if (parsed.getPlaceholdersCount() != 1) throw new IllegalArgumentException("expected one placeholder");
    PlaceholderValue value = parsed.getPlaceholders(0);
    if (value.getType() != PlaceholderType.FloatVector) throw new IllegalArgumentException("expected float vectors");
    float[][] out = new float[value.getValuesCount()][];
    for (int q = 0; q < out.length; q++) {
      ByteBuffer bytes = value.getValues(q).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.remaining() != dim * Float.BYTES) {
        throw new IllegalArgumentException("query " + q + " has " + bytes.remaining() / Float.BYTES + " dims, the field has " + dim);
      }
      out[q] = new float[dim];
      bytes.asFloatBuffer().get(out[q]);
    }
    return out;
  }
}
