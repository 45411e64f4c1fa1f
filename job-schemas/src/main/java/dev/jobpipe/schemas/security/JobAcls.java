package dev.jobpipe.schemas.security;

import dev.jobpipe.schemas.JobTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs each component of job type {@code T} needs, and nothing more (every grant is
 * {@code ALLOW} from any host; {@code READ}/{@code WRITE} imply {@code DESCRIBE}):
 *
 * <ul>
 *   <li>publisher: write {@code jobs.T} (and read its configs, for the size limit);
 *   <li>worker: read {@code jobs.T} in group {@code jobpipe.T} and {@code jobs.T.control}; write {@code jobs.T.failed},
 *       {@code jobs.T.dlq} and {@code jobs.T.done};
 *   <li>router: read {@code jobs.T.failed} and the tiers, write the tiers, {@code jobs.T} and
 *       {@code jobs.T.dlq}; its consumer groups, transactional ids and Kafka Streams internal topics
 *       under its application id; create missing tier and DLQ topics;
 *   <li>inspector: read {@code jobs.T.dlq} and its replay log; with replay, write {@code jobs.T}
 *       and the replay log (and create it); with purge, delete records of {@code jobs.T.dlq}.
 * </ul>
 */
public final class JobAcls {

  /** The parts of jobpipe that get their own principal. */
  public enum Component { PUBLISHER, WORKER, ROUTER, INSPECTOR }

  private final JobTopics topics;
  private final String workerGroup;
  private final String routerApplicationId;

  /**
   * @param type the job type
   * @param workerGroup the workers' consumer group ({@code jobpipe.T} by default)
   * @param routerApplicationId the router's application id ({@code jobpipe-router} by default)
   */
  public JobAcls(String type, String workerGroup, String routerApplicationId) {
    this.topics = JobTopics.of(type);
    this.workerGroup = Objects.requireNonNull(workerGroup, "workerGroup");
    this.routerApplicationId = Objects.requireNonNull(routerApplicationId, "routerApplicationId");
  }

  public JobTopics topics() {
    return topics;
  }

  public List<AclBinding> publisher(String principal) {
    Grants g = new Grants(principal);
    // the publisher reads jobs.T's max.message.bytes to refuse an oversized job before sending it
    g.topic(topics.main(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
    return g.bindings;
  }

  public List<AclBinding> worker(String principal) {
    Grants g = new Grants(principal);
    g.topic(topics.main(), AclOperation.READ);
    g.group(workerGroup, PatternType.LITERAL, AclOperation.READ);
    // the type's desired state (paused, rate, cancellations), read before the first job (DESIGN.md)
    g.topic(topics.control(), AclOperation.READ);
    g.topic(topics.failed(), AclOperation.WRITE);
    g.topic(topics.dlq(), AclOperation.WRITE);
    g.topic(topics.done(), AclOperation.WRITE);
    return g.bindings;
  }

  public List<AclBinding> router(String principal) {
    Grants g = new Grants(principal);
    g.topic(topics.failed(), AclOperation.READ);
    g.prefixedTopic(topics.retryPrefix(), AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
    g.topic(topics.main(), AclOperation.WRITE);
    g.topic(topics.dlq(), AclOperation.WRITE, AclOperation.CREATE);
    // the routing (Kafka Streams) and the forwarders' groups, transactional ids and internal topics
    // (dedupe store changelog) are all named after the application id
    g.group(routerApplicationId, PatternType.PREFIXED, AclOperation.READ);
    g.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, routerApplicationId, PatternType.PREFIXED),
        AclOperation.WRITE, AclOperation.DESCRIBE);
    g.prefixedTopic(routerApplicationId + "-", AclOperation.ALL);
    return g.bindings;
  }

  /** The inspector's grants: read-only, plus replay and purge when asked for. */
  public List<AclBinding> inspector(String principal, boolean replay, boolean purge) {
    Grants g = new Grants(principal);
    g.topic(topics.dlq(), AclOperation.READ);
    g.topic(topics.dlqReplayed(), AclOperation.READ);
    if (replay) {
      g.topic(topics.main(), AclOperation.WRITE);
      g.topic(topics.dlqReplayed(), AclOperation.WRITE, AclOperation.CREATE);
    }
    if (purge) {
      g.topic(topics.dlq(), AclOperation.DELETE);
    }
    return g.bindings;
  }

  /** Collects ALLOW grants of one principal from any host. */
  private static final class Grants {
    final String principal;
    final List<AclBinding> bindings = new ArrayList<>();

    Grants(String principal) {
      if (principal == null || !principal.contains(":") || principal.startsWith(":") || principal.endsWith(":")) {
        throw new IllegalArgumentException("a principal has the form Type:name, e.g. User:worker; got " + principal);
      }
      this.principal = principal;
    }

    void topic(String name, AclOperation... ops) {
      add(new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL), ops);
    }

    void prefixedTopic(String prefix, AclOperation... ops) {
      add(new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), ops);
    }

    void group(String name, PatternType pattern, AclOperation... ops) {
      add(new ResourcePattern(ResourceType.GROUP, name, pattern), ops);
    }

    void add(ResourcePattern resource, AclOperation... ops) {
      for (AclOperation op : ops) {
        bindings.add(new AclBinding(resource, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
      }
    }
  }
}
