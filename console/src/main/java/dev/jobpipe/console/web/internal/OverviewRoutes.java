package dev.jobpipe.console.web.internal;

import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.ledger.internal.JsonHttpServer;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@code GET /api/overview} (every type's numbers from the last Kafka sample, rates over the last
 * 30 s, and its control state) and {@code GET /api/types/T} (one type, with the last hour as chart
 * series).
 */
public final class OverviewRoutes {

  /** Points per chart series. */
  static final int CHART_POINTS = 120;

  private final KafkaSampler sampler;
  private final WorkerMetricsScraper workerMetrics;
  private final ControlPlane control;

  public OverviewRoutes(KafkaSampler sampler, WorkerMetricsScraper workerMetrics, ControlPlane control) {
    this.sampler = sampler;
    this.workerMetrics = workerMetrics;
    this.control = control;
  }

  public void register(HttpRouting.Builder r) {
    r.get("/api/overview", JsonHttpServer.json(req -> {
      KafkaSampler.Snapshot snap = sampler.latest();
      Map<String, ControlPlane.State> states = control.states();
      Map<String, WorkerMetricsScraper.TypeFigures> figures = workerMetrics.figures();
      List<Map<String, Object>> types = new ArrayList<>();
      snap.types().values().forEach(s -> types.add(row(s, states.get(s.type()), figures.get(s.type()))));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("asOf", snap.at());
      out.put("problem", snap.problem());
      out.put("control", control.availability());
      out.put("workerMetrics", workerMetrics.configured() ? null
          : "in flight and duration/wait percentiles need the workers' /metrics endpoints (--worker-metrics)");
      out.put("types", types);
      return out;
    }));
    r.get("/api/types/{type}", JsonHttpServer.json(req -> {
      String type = DeadLetterRoutes.type(req);
      TypeSample s = sampler.latest().types().get(type);
      TypeHistory h = sampler.history(type).orElse(null);
      if (s == null || h == null) {
        throw new HttpProblem(404, "no job type " + type + " (no topic jobs." + type + " when last sampled)");
      }
      Map<String, Object> out = row(s, control.states().get(type), workerMetrics.figures().get(type));
      out.put("control", control.availability());
      out.put("history", series(h.downsampled(CHART_POINTS)));
      return out;
    }));
  }

  private Map<String, Object> row(TypeSample s, ControlPlane.State state, WorkerMetricsScraper.TypeFigures f) {
    TypeHistory h = sampler.history(s.type()).orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", s.type());
    m.put("partitions", s.partitions());
    m.put("members", s.members());
    m.put("groupState", s.groupState());
    m.put("lag", s.lag());
    m.put("publishedPerSec", round(h.rate(TypeSample::published)));
    m.put("succeededPerSec", s.succeeded() < 0 ? null : round(h.rate(TypeSample::succeeded)));
    m.put("failedPerSec", s.failed() < 0 ? null : round(h.rate(TypeSample::failed)));
    m.put("published", s.published());
    m.put("succeeded", s.succeeded() < 0 ? null : s.succeeded());
    m.put("failed", s.failed() < 0 ? null : s.failed());
    m.put("retrying", s.retrying());
    m.put("retryingTotal", s.retryingTotal());
    m.put("deadLetters", s.deadLetters());
    m.put("paused", state == null ? null : state.paused());
    m.put("ratePerSecond", state == null ? null : state.ratePerSecond());
    m.put("controlChangedBy", state == null ? null : state.changedBy());
    m.put("controlChangedAt", state == null ? null : state.changedAt());
    m.put("inFlight", f == null ? null : f.inFlight());
    m.put("durationP50Ms", f == null ? null : millis(f.durationP50()));
    m.put("durationP99Ms", f == null ? null : millis(f.durationP99()));
    m.put("waitP50Ms", f == null ? null : millis(f.waitP50()));
    m.put("waitP99Ms", f == null ? null : millis(f.waitP99()));
    m.put("sampledAt", s.at());
    return m;
  }

  /** Chart series: times, rates between consecutive samples, and levels. */
  static Map<String, Object> series(List<TypeSample> samples) {
    List<Long> t = new ArrayList<>();
    List<Double> published = new ArrayList<>();
    List<Double> succeeded = new ArrayList<>();
    List<Double> failed = new ArrayList<>();
    List<Long> lag = new ArrayList<>();
    List<Long> retrying = new ArrayList<>();
    List<Long> dead = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      TypeSample a = samples.get(i - 1);
      TypeSample b = samples.get(i);
      t.add(b.at().toEpochMilli());
      published.add(rate(a, b, TypeSample::published));
      succeeded.add(rate(a, b, TypeSample::succeeded));
      failed.add(rate(a, b, TypeSample::failed));
      lag.add(b.lag());
      retrying.add(b.retryingTotal());
      dead.add(b.deadLetters());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("t", t);
    out.put("publishedPerSec", published);
    out.put("succeededPerSec", succeeded);
    out.put("failedPerSec", failed);
    out.put("lag", lag);
    out.put("retrying", retrying);
    out.put("deadLetters", dead);
    return out;
  }

  private static double rate(TypeSample a, TypeSample b, ToLongFunction<TypeSample> f) {
    return round(TypeHistory.rate(a, b, f));
  }

  private static Double millis(Double seconds) {
    return seconds == null ? null : round(seconds * 1000);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
