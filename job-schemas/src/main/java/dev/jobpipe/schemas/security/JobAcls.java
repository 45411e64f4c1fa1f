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
 *   <li>publisher: write {@code jobs.T} (and read its configs, for the size limit); with scheduling,
 *       the same on {@code jobs.T.scheduled};
 *   <li>worker: read {@code jobs.T} in group {@code jobpipe.T} and {@code jobs.T.control}; write {@code jobs.T.failed},
 *       {@code jobs.T.dlq} and {@code jobs.T.done};
 *   <li>router: read {@code jobs.T.failed} and the tiers, write the tiers, {@code jobs.T} and
 *       {@code jobs.T.dlq}; its consumer groups, transactional ids and Kafka Streams internal topics
 *       under its application id; create missing tier and DLQ topics;
 *   <li>inspector: read {@code jobs.T.dlq} and its replay log; with replay, write {@code jobs.T}
 *       and the replay log (and create it); with purge, delete records of {@code jobs.T.dlq};
 *   <li>scheduler: read {@code jobs.T.scheduled}, the topics that end a job ({@code .done},
 *       {@code .dlq}, {@code .control}: overlap {@code skip}) and {@code jobpipe.cron} (and create it),
 *       write {@code jobs.T}; its group, transactional ids and internal topics under its application id;
 *   <li>ledger: read every topic of the type it folds; its group and internal topics under its
 *       application id;
 *   <li>console: see the type's topics and groups (the overview), read and write
 *       {@code jobs.T.control} (pause, rate, cancel), read the DLQ and replay it (write {@code jobs.T}
 *       and the replay log), read and write {@code jobpipe.cron} (pause, resume, trigger) and read the
 *       scheduler's pending-jobs changelog; with purge, delete records of {@code jobs.T.dlq}.
 * </ul>
 *
 * <p>The scheduler, the ledger and the console serve every job type: their grants for type
 * {@code T} hold what they need of {@code T} plus their own global resources, so applying the sets
 * of several types is how they are given several types (creating an existing ACL changes nothing).
 */
public final class JobAcls {

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
    return publisher(principal, false);
  }

  /** The publisher's grants; with {@code schedule}, it may also schedule (and cancel) jobs of the type. */
  public List<AclBinding> publisher(String principal, boolean schedule) {
    Grants g = new Grants(principal);
    // the publisher reads jobs.T's max.message.bytes to refuse an oversized job before sending it
    g.topic(topics.main(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
    if (schedule) {
      g.topic(topics.scheduled(), AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
    }
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

  /**
   * The scheduler's grants for this type.
   *
   * @param applicationId the scheduler's application id ({@code jobpipe-scheduler} by default): its
   *     consumer group, the prefix of its transactional ids ({@code <id>-<process>-<thread>}) and of
   *     its internal topics (store changelogs, {@code <id>-cron-fire-ends})
   */
  public List<AclBinding> scheduler(String principal, String applicationId) {
    Grants g = new Grants(principal);
    g.topic(topics.scheduled(), AclOperation.READ);
    // the ends of recurring fires (overlap: skip): done, dead, or cancelled on the control topic
    g.topic(topics.done(), AclOperation.READ);
    g.topic(topics.dlq(), AclOperation.READ);
    g.topic(topics.control(), AclOperation.READ);
    g.topic(topics.main(), AclOperation.WRITE);
    // the recurring-job definitions, created by the scheduler at start when missing
    g.topic(JobTopics.CRON, AclOperation.READ, AclOperation.CREATE);
    g.group(requireName(applicationId), PatternType.LITERAL, AclOperation.READ);
    g.add(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED),
        AclOperation.WRITE, AclOperation.DESCRIBE);
    g.prefixedTopic(applicationId + "-", AclOperation.ALL);
    return g.bindings;
  }

  /**
   * The ledger's grants for this type: it reads every topic of the type (headers only) and
   * writes nothing of the pipeline's.
   *
   * @param applicationId the ledger's application id ({@code jobpipe-ledger} by default): its
   *     consumer group and the prefix of its internal topics (repartition topic, store changelogs)
   */
  public List<AclBinding> ledger(String principal, String applicationId) {
    Grants g = new Grants(principal);
    for (String topic : List.of(topics.main(), topics.failed(), topics.dlq(), topics.done(), topics.scheduled(),
        topics.control())) {
      g.topic(topic, AclOperation.READ);
    }
    g.prefixedTopic(topics.retryPrefix(), AclOperation.READ);
    g.group(requireName(applicationId), PatternType.LITERAL, AclOperation.READ);
    g.prefixedTopic(applicationId + "-", AclOperation.ALL);
    return g.bindings;
  }

  /**
   * The web console's grants for this type.
   *
   * @param forwarderGroup the router's tier-forwarder group, whose committed offsets say how many
   *     jobs wait in each tier
   * @param schedulerPendingTopic the scheduler's changelog of pending jobs, which the schedules page
   *     counts
   * @param purge whether the console may purge dead letters
   */
  public List<AclBinding> console(String principal, String forwarderGroup, String schedulerPendingTopic, boolean purge) {
    Grants g = new Grants(principal);
    // the overview: end offsets of every topic of the type, the worker group's and the forwarders'
    // committed offsets and members; WRITE on jobs.T is a replay or a recurring job triggered by hand
    g.topic(topics.main(), AclOperation.WRITE);
    g.topic(topics.done(), AclOperation.DESCRIBE);
    g.topic(topics.failed(), AclOperation.DESCRIBE);
    g.prefixedTopic(topics.retryPrefix(), AclOperation.DESCRIBE);
    g.group(workerGroup, PatternType.LITERAL, AclOperation.DESCRIBE);
    g.group(requireName(forwarderGroup), PatternType.LITERAL, AclOperation.DESCRIBE);
    // pause, resume, rate, cancel
    g.topic(topics.control(), AclOperation.READ, AclOperation.WRITE);
    // dead letters: list, show, replay (idempotent through the replay log), purge when granted
    g.topic(topics.dlq(), purge ? new AclOperation[] {AclOperation.READ, AclOperation.DELETE}
        : new AclOperation[] {AclOperation.READ});
    g.topic(topics.dlqReplayed(), AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE);
    // schedules: the recurring definitions (pause and resume rewrite one) and the pending one-off jobs
    g.topic(JobTopics.CRON, AclOperation.READ, AclOperation.WRITE);
    g.topic(requireName(schedulerPendingTopic), AclOperation.READ);
    return g.bindings;
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an application id, group or topic name must not be empty");
    }
    return name;
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
