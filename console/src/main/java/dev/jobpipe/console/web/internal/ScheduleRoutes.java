package dev.jobpipe.console.web.internal;

import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import dev.jobpipe.scheduler.CronFire;
import dev.jobpipe.scheduler.CronSchedule;
import dev.jobpipe.scheduler.CronSchedules;
import dev.jobpipe.scheduler.PendingJob;
import dev.jobpipe.scheduler.PendingJobs;
import dev.jobpipe.schemas.JobTopics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules through the scheduler's API: {@code GET /api/schedules?type=} (recurring schedules from
 * {@code jobpipe.cron} with their next fire times; one-off jobs pending in the scheduler's store,
 * counted per type) and {@code POST /api/cron/NAME/pause|resume|trigger}. Where a piece is missing
 * (no scheduler ever ran, no cron topic) the answer says so in {@code pendingProblem} /
 * {@code cronProblem} and the rest is still shown.
 */
public final class ScheduleRoutes {

  private static final Logger log = LoggerFactory.getLogger(ScheduleRoutes.class);
  static final int MOST_PENDING_LISTED = 200;

  private final Map<String, Object> clientProperties;
  private final String schedulerApplicationId;
  private final Producer<byte[], byte[]> producer;
  private final Duration timeout;
  private final ConsoleMetrics metrics;
  private final Clock clock;

  public ScheduleRoutes(Map<String, Object> clientProperties, String schedulerApplicationId,
      Producer<byte[], byte[]> producer, Duration timeout, ConsoleMetrics metrics, Clock clock) {
    this.clientProperties = clientProperties;
    this.schedulerApplicationId = schedulerApplicationId;
    this.producer = producer;
    this.timeout = timeout;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(HttpRouting.Builder r) {
    r.get("/api/schedules", JsonHttpServer.json(req -> {
      String type = ApiBodies.param(req, "type").orElse(null);
      Map<String, Object> out = new LinkedHashMap<>();
      Instant now = clock.instant();
      List<Map<String, Object>> cron = new ArrayList<>();
      try {
        CronSchedules.read(clientProperties, timeout).values().stream()
            .filter(s -> type == null || s.type().equals(type))
            .forEach(s -> cron.add(cron(s, now)));
        out.put("cronProblem", null);
      } catch (KafkaException | IllegalStateException e) {
        out.put("cronProblem", "cannot read " + JobTopics.CRON + ": " + e.getMessage());
      }
      out.put("cron", cron);
      try {
        List<PendingJob> pending = PendingJobs.read(clientProperties, schedulerApplicationId, type, null, timeout);
        Map<String, Long> counts = new TreeMap<>();
        pending.forEach(p -> counts.merge(p.type(), 1L, Long::sum));
        out.put("pendingCounts", counts);
        out.put("pending", pending.size() > MOST_PENDING_LISTED ? pending.subList(0, MOST_PENDING_LISTED) : pending);
        out.put("pendingProblem", null);
      } catch (IllegalStateException | KafkaException e) {
        out.put("pendingCounts", Map.of());
        out.put("pending", List.of());
        out.put("pendingProblem", e.getMessage());
      }
      return out;
    }));
    r.post("/api/cron/{name}/pause", JsonHttpServer.json(req -> enable(req, false)));
    r.post("/api/cron/{name}/resume", JsonHttpServer.json(req -> enable(req, true)));
    r.post("/api/cron/{name}/trigger", JsonHttpServer.json(req -> {
      CronSchedule s = schedule(req);
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      CronFire fire;
      try {
        fire = CronFire.of(s, now, now);
      } catch (IllegalArgumentException e) {
        throw new HttpProblem(409, e.getMessage());
      }
      send(new ProducerRecord<>(fire.topic(), null, now.toEpochMilli(), fire.key(), fire.value(), fire.headers()), "cron_trigger");
      log.info("console: {} triggered schedule {} ({})", AccessFilter.principal(req).name(), s.name(), fire.jobId());
      return Map.of("name", s.name(), "jobId", fire.jobId());
    }));
  }

  private Object enable(ServerRequest req, boolean on) {
    CronSchedule s = schedule(req);
    CronSchedule changed = s.withEnabled(on);
    send(new ProducerRecord<>(JobTopics.CRON, s.name().getBytes(StandardCharsets.UTF_8), changed.toJson()),
        on ? "cron_resume" : "cron_pause");
    log.info("console: {} {} schedule {}", AccessFilter.principal(req).name(), on ? "resumed" : "paused", s.name());
    return cron(changed, clock.instant());
  }

  private CronSchedule schedule(ServerRequest req) {
    String name = ApiBodies.path(req, "name");
    CronSchedule s = CronSchedules.read(clientProperties, timeout).get(name);
    if (s == null) {
      throw new HttpProblem(404, "no recurring schedule named '" + name + "' on " + JobTopics.CRON);
    }
    return s;
  }

  private void send(ProducerRecord<byte[], byte[]> record, String action) {
    try {
      producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      metrics.action(action, true);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      metrics.action(action, false);
      throw new HttpProblem(503, "write to " + record.topic() + " not acknowledged: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpProblem(503, "interrupted");
    }
  }

  private static Map<String, Object> cron(CronSchedule s, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("type", s.type());
    m.put("when", s.describeTimes());
    m.put("enabled", s.enabled());
    m.put("applied", s.value() != null);
    m.put("nextFires", s.enabled() ? s.nextFireTimes(now, 3) : List.of());
    return m;
  }
}
