package com.example.signup;

import dev.jobpipe.consumer.JobWorker;
import dev.jobpipe.producer.JobPublisher;
import dev.jobpipe.producer.JobPublisherConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The signup service: a sign-up enqueues a welcome e-mail (job type {@value #WELCOME}) and returns at
 * once; the worker of the same service sends it, retried on failure. Publisher and worker share one
 * lifecycle: start, close (drains running jobs), try-with-resources.
 */
public final class SignupService implements AutoCloseable {
  public static final String WELCOME = "signup.welcome";

  private final JobPublisher publisher;
  private final JobWorker worker;

  private SignupService(JobPublisher publisher, JobWorker worker) {
    this.publisher = publisher;
    this.worker = worker;
  }

  /** Connects to Kafka and the Schema Registry and starts the worker. */
  public static SignupService start(String bootstrapServers, String schemaRegistryUrl, Mailer mailer) {
    // tag::publisher[]
    JobPublisher publisher = JobPublisher.create(Map.of(
        JobPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        JobPublisherConfig.SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl));
    // end::publisher[]
    // tag::worker[]
    JobWorker worker = JobWorker.builder(WELCOME, WelcomeEmail.class, new WelcomeEmailHandler(mailer))
        .bootstrapServers(bootstrapServers)
        .schemaRegistryUrl(schemaRegistryUrl)
        .concurrency(8)
        .jobTimeout(Duration.ofSeconds(30))
        .build();
    worker.start();   // on shutdown, close() lets running jobs finish, commits and leaves the group
    // end::worker[]
    return new SignupService(publisher, worker);
  }

  /** Signs a user up: the welcome e-mail is a job, sent by a worker, retried if the mail server fails. */
  public void signUp(String email, String name) {
    // tag::publish[]
    publisher.publish(WELCOME, email, WelcomeEmail.newBuilder().setTo(email).setName(name).build())
        .join(); // acknowledged by Kafka: the job is durable
    // end::publish[]
  }

  @Override
  public void close() {
    try (publisher; worker) {
      // both closed, the worker first: it drains the jobs it is running
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = System.getenv().getOrDefault("JOBPIPE_BOOTSTRAP_SERVERS", "localhost:9092");
    String registry = System.getenv().getOrDefault("JOBPIPE_SCHEMA_REGISTRY_URL", "http://localhost:8081");
    try (SignupService service = start(bootstrap, registry, Mailer.STDOUT)) {
      service.signUp(args.length > 0 ? args[0] : "ada@example.com", "Ada");
      Thread.sleep(5_000);
    }
  }
}
