package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ConnectionOptions;
import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.ledger.JobLedgerConfig;
import dev.jobpipe.router.RouterConfig;
import dev.jobpipe.scheduler.PendingJobs;
import dev.jobpipe.scheduler.SchedulerConfig;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.security.JobAcls;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobpipe acls}: the least-privilege ACLs of each component of one job type ({@link JobAcls}),
 * printed in the form of {@code kafka-acls}, or created with {@code --apply} (creating an existing
 * ACL is a no-op, so applying twice changes nothing).
 */
@Command(
    name = "acls",
    mixinStandardHelpOptions = true,
    description = {
      "Print (or with --apply create) the least-privilege ACLs of each component of a job type.",
      "Give a principal (Type:name, e.g. User:worker-email) per component to include it."
    })
public final class AclsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--type", required = true, paramLabel = "T", description = "Job type.")
  String type;

  @Option(names = "--publisher-principal", paramLabel = "P", description = "Principal of the publishers: write jobs.T (and read its settings, for the size check).")
  String publisher;

  @Option(names = "--worker-principal", paramLabel = "P",
      description = "Principal of the workers: read jobs.T in their group and jobs.T.control, write jobs.T.failed, .dlq and .done.")
  String worker;

  @Option(names = "--router-principal", paramLabel = "P",
      description = "Principal of the router: read .failed and the tiers; write the tiers, jobs.T and .dlq; its groups,"
          + " transactional ids and internal topics.")
  String router;

  @Option(names = "--inspector-principal", paramLabel = "P",
      description = "Principal of the DLQ inspector: read-only unless --replay or --purge.")
  String inspector;

  @Option(names = "--scheduler-principal", paramLabel = "P",
      description = "Principal of the scheduler: read jobs.T.scheduled, .done, .dlq, .control and jobpipe.cron; write"
          + " jobs.T; its group, transactional ids and internal topics.")
  String scheduler;

  @Option(names = "--ledger-principal", paramLabel = "P",
      description = "Principal of the job ledger: read every topic of the type; its group and internal topics.")
  String ledger;

  @Option(names = "--console-principal", paramLabel = "P",
      description = "Principal of the web console: see the type's topics and groups, pause/rate/cancel, read and replay"
          + " dead letters, read and change recurring schedules; purge only with --purge.")
  String console;

  @Option(names = "--replay", description = "Let the inspector replay dead letters (write jobs.T and the replay log).")
  boolean replay;

  @Option(names = "--purge", description = "Let the inspector and the console purge dead letters (delete records of jobs.T.dlq).")
  boolean purge;

  @Option(names = "--schedule", description = "Let the publisher schedule jobs (write jobs.T.scheduled).")
  boolean schedule;

  @Option(names = "--worker-group", paramLabel = "GROUP", description = "The workers' consumer group (default jobpipe.T).")
  String workerGroup;

  @Option(names = "--router-application-id", paramLabel = "ID", defaultValue = RouterConfig.DEFAULT_APPLICATION_ID,
      description = "The router's application id (default ${DEFAULT-VALUE}).")
  String routerApplicationId;

  @Option(names = "--scheduler-application-id", paramLabel = "ID", defaultValue = SchedulerConfig.DEFAULT_APPLICATION_ID,
      description = "The scheduler's application id (default ${DEFAULT-VALUE}).")
  String schedulerApplicationId;

  @Option(names = "--ledger-application-id", paramLabel = "ID", defaultValue = JobLedgerConfig.DEFAULT_APPLICATION_ID,
      description = "The ledger's application id (default ${DEFAULT-VALUE}).")
  String ledgerApplicationId;

  @Option(names = "--apply", description = "Create the ACLs (needs ALTER on the cluster); without it, only print them.")
  boolean apply;

  @Override
  public Integer call() throws Exception {
    String t;
    try {
      t = JobTopics.validateType(type);
    } catch (IllegalArgumentException e) {
      throw new UserException("--type: " + e.getMessage(), ExitCodes.USAGE, e);
    }
    JobAcls acls = new JobAcls(t, workerGroup != null ? workerGroup : JobTopics.of(t).workerGroup(), routerApplicationId);
    Map<String, List<AclBinding>> byComponent = new LinkedHashMap<>();
    try {
      if (publisher != null) {
        byComponent.put("publisher " + publisher, acls.publisher(publisher, schedule));
      }
      if (worker != null) {
        byComponent.put("worker " + worker, acls.worker(worker));
      }
      if (router != null) {
        byComponent.put("router " + router, acls.router(router));
      }
      if (inspector != null) {
        byComponent.put("inspector " + inspector, acls.inspector(inspector, replay, purge));
      }
      if (scheduler != null) {
        byComponent.put("scheduler " + scheduler, acls.scheduler(scheduler, schedulerApplicationId));
      }
      if (ledger != null) {
        byComponent.put("ledger " + ledger, acls.ledger(ledger, ledgerApplicationId));
      }
      if (console != null) {
        byComponent.put("console " + console, acls.console(console, RouterConfig.forwarderGroupId(routerApplicationId),
            PendingJobs.changelogTopic(schedulerApplicationId), purge));
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE, e);
    }
    if (byComponent.isEmpty()) {
      throw new UserException("give at least one of --publisher-principal, --worker-principal, --router-principal,"
          + " --inspector-principal, --scheduler-principal, --ledger-principal, --console-principal", ExitCodes.USAGE, null);
    }
    if (replay && inspector == null) {
      throw new UserException("--replay is a grant of the inspector: give --inspector-principal", ExitCodes.USAGE, null);
    }
    if (purge && inspector == null && console == null) {
      throw new UserException("--purge is a grant of the inspector or the console: give --inspector-principal or"
          + " --console-principal", ExitCodes.USAGE, null);
    }
    if (schedule && publisher == null) {
      throw new UserException("--schedule is a grant of the publisher: give --publisher-principal", ExitCodes.USAGE, null);
    }
    PrintWriter out = spec.commandLine().getOut();
    List<AclBinding> all = new ArrayList<>();
    byComponent.forEach((who, bindings) -> {
      out.println("# " + who);
      bindings.forEach(b -> out.println(AclLines.line(b)));
      all.addAll(bindings);
    });
    if (apply) {
      create(all);
      out.println("applied " + all.size() + " ACLs");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void create(List<AclBinding> bindings) throws InterruptedException {
    Map<String, Object> props = connection.clientProperties();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UserException("cannot create the ACLs: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new UserException("cannot create the ACLs: no answer from " + connection.bootstrapServers() + " within "
          + Duration.ofSeconds(60).toSeconds() + " s", e);
    }
  }
}
