package dev.jobpipe.ledger.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jobpipe.ledger.JobPage;
import dev.jobpipe.ledger.JobQuery;
import dev.jobpipe.ledger.JobView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers queries from the stores of every instance. A job lives in one partition of the
 * repartition topic: the instance that owns it answers from its store, any other forwards the
 * question there ({@code scope=local}), falling back to a standby replica (possibly a little
 * behind) while the owner is unreachable or moving. A listing asks every instance for its own
 * partitions and merges their pages, newest first.
 */
public final class LedgerQueries {

  /** Query parameter marking a request forwarded by another instance: answer from local stores only. */
  public static final String SCOPE = "scope";
  public static final String SCOPE_LOCAL = "local";
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
  private static final long WAIT_POLL_MILLIS = 20;

  private final Supplier<KafkaStreams> streams;
  private final HostInfo self;
  private final String repartitionTopic;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public LedgerQueries(Supplier<KafkaStreams> streams, HostInfo self, String repartitionTopic) {
    this.streams = streams;
    this.self = self;
    this.repartitionTopic = repartitionTopic;
  }

  /** The job, from whichever instance holds it; throws {@link HttpProblem} 404 when no instance knows it. */
  public JobView get(String id, boolean localOnly) {
    KeyQueryMetadata owner = owner(id);
    if (localOnly || owner.activeHost().equals(self)) {
      return local(id, owner.partition());
    }
    try {
      return forward(owner.activeHost(), "/jobs/" + encode(id) + "?" + SCOPE + "=" + SCOPE_LOCAL, JobView.class);
    } catch (IOException e) {
      if (owner.standbyHosts().contains(self)) {
        return local(id, owner.partition());
      }
      for (HostInfo standby : owner.standbyHosts()) {
        try {
          return forward(standby, "/jobs/" + encode(id) + "?" + SCOPE + "=" + SCOPE_LOCAL, JobView.class);
        } catch (IOException ignored) {
          // try the next standby
        }
      }
      throw HttpProblem.unavailable("the ledger instance holding job " + id + " (" + owner.activeHost()
          + ") is unreachable: " + e.getMessage());
    }
  }

  /**
   * Waits until the job is terminal or {@code timeout} passed, then answers its state (terminal
   * or not); an id still unknown at the end is a 404. Runs on the owner.
   */
  public JobView await(String id, Duration timeout, boolean localOnly) {
    KeyQueryMetadata owner = owner(id);
    if (!localOnly && !owner.activeHost().equals(self)) {
      try {
        return forward(owner.activeHost(), "/jobs/" + encode(id) + "/wait?timeout=" + timeout.toMillis() + "ms&"
            + SCOPE + "=" + SCOPE_LOCAL, JobView.class, timeout.plus(FORWARD_TIMEOUT));
      } catch (IOException e) {
        throw HttpProblem.unavailable("the ledger instance holding job " + id + " (" + owner.activeHost()
            + ") is unreachable: " + e.getMessage());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobView view = null;
      try {
        view = local(id, owner(id).partition());
        if (view.terminal()) {
          return view;
        }
      } catch (HttpProblem p) {
        if (p.status() != 404 && p.status() != 503) {
          throw p;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw p;
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        return view;
      }
      try {
        Thread.sleep(WAIT_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw HttpProblem.unavailable("interrupted while waiting for job " + id);
      }
    }
  }

  /** One page of jobs matching {@code query}, newest first, gathered from every instance. */
  public JobPage list(JobQuery query, boolean localOnly) {
    Collection<StreamsMetadata> hosts = metadata();
    List<JobView> found = new ArrayList<>();
    for (StreamsMetadata host : hosts) {
      if (host.hostInfo().equals(self)) {
        found.addAll(localList(query, partitions(host)));
      } else if (!localOnly) {
        try {
          JobPage page = forward(host.hostInfo(), "/jobs?" + queryString(query) + "&" + SCOPE + "=" + SCOPE_LOCAL,
              JobPage.class);
          found.addAll(page.jobs());
        } catch (IOException e) {
          throw HttpProblem.unavailable("ledger instance " + host.hostInfo() + " is unreachable: " + e.getMessage());
        }
      }
    }
    found.sort(Comparator.comparing(LedgerIndex::sortKey));
    List<JobView> page = found.size() > query.limit() ? found.subList(0, query.limit()) : found;
    String next = found.size() >= query.limit() && !page.isEmpty() ? encodeCursor(LedgerIndex.sortKey(page.getLast())) : null;
    return new JobPage(page, next);
  }

  private List<JobView> localList(JobQuery query, Set<Integer> partitions) {
    String prefix = LedgerIndex.listPrefix(query.type());
    String from = prefix + (query.until() == null ? "" : LedgerIndex.inverted(query.until().toEpochMilli() - 1));
    String after = query.cursor() == null ? null : prefix + decodeCursor(query.cursor());
    if (after != null && after.compareTo(from) > 0) {
      from = after;
    }
    String to = prefix + (query.since() == null ? "\uffff" : LedgerIndex.inverted(query.since().toEpochMilli()) + "/\uffff");
    String error = query.error() == null ? null : query.error().toLowerCase(Locale.ROOT);
    try {
      return localList(query, partitions, prefix, from, after, to, error);
    } catch (InvalidStateStoreException e) {
      throw HttpProblem.unavailable("the ledger's store is not available here yet (" + e.getMessage() + ")");
    }
  }

  private List<JobView> localList(JobQuery query, Set<Integer> partitions, String prefix, String from, String after,
      String to, String error) {
    List<JobView> out = new ArrayList<>();
    for (int partition : partitions) {
      ReadOnlyKeyValueStore<String, byte[]> index = this.<byte[]>store(LedgerTopology.INDEX_STORE, partition);
      ReadOnlyKeyValueStore<String, JobView> jobs = this.<JobView>store(LedgerTopology.JOBS_STORE, partition);
      int taken = 0;
      try (KeyValueIterator<String, byte[]> it = index.range(from, to)) {
        while (it.hasNext() && taken < query.limit()) {
          String key = it.next().key;
          if (key.equals(after)) {
            continue;
          }
          JobView view = jobs.get(LedgerIndex.idOfListing(prefix, key));
          if (view != null && matches(view, query, error)) {
            out.add(view);
            taken++;
          }
        }
      }
    }
    return out;
  }

  private static boolean matches(JobView view, JobQuery query, String error) {
    if (query.state() != null && view.state() != query.state()) {
      return false;
    }
    if (error == null) {
      return true;
    }
    return (view.errorClass() != null && view.errorClass().toLowerCase(Locale.ROOT).contains(error))
        || (view.error() != null && view.error().toLowerCase(Locale.ROOT).contains(error));
  }

  private JobView local(String id, int partition) {
    JobView view;
    try {
      view = this.<JobView>store(LedgerTopology.JOBS_STORE, partition).get(id);
    } catch (InvalidStateStoreException e) {
      throw HttpProblem.unavailable("the ledger's store is not available here yet (" + e.getMessage() + ")");
    }
    if (view == null) {
      throw HttpProblem.notFound(id);
    }
    return view;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
    try {
      return streams.get().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
          .withPartition(partition).enableStaleStores());
    } catch (InvalidStateStoreException e) {
      throw HttpProblem.unavailable("the ledger's store is not available here yet (" + e.getMessage() + ")");
    }
  }

  private KeyQueryMetadata owner(String id) {
    KeyQueryMetadata owner;
    try {
      owner = streams.get().queryMetadataForKey(LedgerTopology.JOBS_STORE, id, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      throw HttpProblem.unavailable("the ledger is not running yet");
    }
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      throw HttpProblem.unavailable("the ledger is rebalancing; try again");
    }
    return owner;
  }

  private Collection<StreamsMetadata> metadata() {
    try {
      Collection<StreamsMetadata> all = streams.get().streamsMetadataForStore(LedgerTopology.JOBS_STORE);
      if (all.isEmpty()) {
        throw HttpProblem.unavailable("the ledger is rebalancing; try again");
      }
      return all;
    } catch (IllegalStateException e) {
      throw HttpProblem.unavailable("the ledger is not running yet");
    }
  }

  /** The repartition-topic partitions {@code host} owns actively: the ledger shards it answers for. */
  private Set<Integer> partitions(StreamsMetadata host) {
    Set<Integer> partitions = new TreeSet<>();
    host.topicPartitions().forEach(tp -> {
      if (tp.topic().equals(repartitionTopic)) {
        partitions.add(tp.partition());
      }
    });
    return partitions;
  }

  private <T> T forward(HostInfo host, String pathAndQuery, Class<T> type) throws IOException {
    return forward(host, pathAndQuery, type, FORWARD_TIMEOUT);
  }

  private <T> T forward(HostInfo host, String pathAndQuery, Class<T> type, Duration timeout) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
        .timeout(timeout).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() == 200) {
      return LedgerJson.MAPPER.readValue(response.body(), type);
    }
    String reason = LedgerJson.MAPPER.readValue(response.body(), new TypeReference<java.util.Map<String, String>>() {})
        .getOrDefault("error", "status " + response.statusCode());
    throw new HttpProblem(response.statusCode(), reason);
  }

  /** The query as {@code GET /jobs} parameters. */
  public static String queryString(JobQuery q) {
    StringBuilder s = new StringBuilder("limit=").append(q.limit());
    if (q.type() != null) {
      s.append("&type=").append(encode(q.type()));
    }
    if (q.state() != null) {
      s.append("&state=").append(q.state().name());
    }
    if (q.since() != null) {
      s.append("&since=").append(q.since());
    }
    if (q.until() != null) {
      s.append("&until=").append(q.until());
    }
    if (q.error() != null) {
      s.append("&error=").append(encode(q.error()));
    }
    if (q.cursor() != null) {
      s.append("&cursor=").append(encode(q.cursor()));
    }
    return s.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String encodeCursor(String sortKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The sort key of a cursor; a 400 for anything that is not one. */
  static String decodeCursor(String cursor) {
    try {
      String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (key.length() > 17 && key.charAt(16) == '/' && key.substring(0, 16).matches("[0-9a-f]{16}")) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw HttpProblem.badRequest("invalid cursor '" + cursor + "': pass nextCursor of the previous page unchanged");
  }
}
