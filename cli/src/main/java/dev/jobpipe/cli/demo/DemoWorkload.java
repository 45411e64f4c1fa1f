package dev.jobpipe.cli.demo;

import dev.jobpipe.examples.EmailSendHandler;
import dev.jobpipe.examples.ImageResizeHandler;
import dev.jobpipe.examples.ReportGenerateHandler;
import dev.jobpipe.producer.JobRequest;
import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageFormat;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs the demo publishes, spread evenly over the three example types. Payloads decide the
 * handlers' behaviour (see each handler), in fixed proportions: about 5 % of e-mails fail once and
 * 2 % bounce for good, 4 % of images have an invalid size and 10 % time out twice, 2.5 % of reports
 * hit a missing template. Keys give ordering per account/recipient.
 */
final class DemoWorkload {
  static final String EMAIL = "email.send";
  static final String IMAGE = "image.resize";
  static final String REPORT = "report.generate";
  static final List<String> TYPES = List.of(EMAIL, IMAGE, REPORT);

  private DemoWorkload() {}

  static List<JobRequest> jobs(int count) {
    List<JobRequest> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = i / 3;
      jobs.add(switch (i % 3) {
        case 0 -> email(n);
        case 1 -> image(n);
        default -> report(n);
      });
    }
    return jobs;
  }

  private static JobRequest email(int n) {
    String to = n % 50 == 7 ? "user" + n + EmailSendHandler.BOUNCE_DOMAIN
        : n % 20 == 3 ? "user" + n + EmailSendHandler.FLAKY_DOMAIN
        : "user" + n + "@example.com";
    EmailSend payload = EmailSend.newBuilder().setTo(to).setSubject("Your receipt #" + n)
        .setBody("Thanks for your order " + n + ".").build();
    return JobRequest.builder(EMAIL, payload).key(to).build();
  }

  private static JobRequest image(int n) {
    boolean invalid = n % 25 == 11;
    String url = (n % 10 == 5 ? ImageResizeHandler.SLOW_HOST : "https://img.example/") + "photo-" + n + ".jpg";
    ImageResize payload = ImageResize.newBuilder().setImageUrl(url)
        .setWidth(invalid ? 0 : 320 + n % 5 * 160).setHeight(invalid ? 0 : 240 + n % 5 * 120)
        .setFormat(ImageFormat.values()[n % ImageFormat.values().length]).build();
    return JobRequest.builder(IMAGE, payload).key("album-" + n % 100).build();
  }

  private static JobRequest report(int n) {
    String name = n % 40 == 13 ? ReportGenerateHandler.MISSING_TEMPLATE : "monthly-usage";
    ReportGenerate payload = ReportGenerate.newBuilder().setAccountId("acct-" + n % 200).setReportName(name)
        .setFromEpochDay(20_000 + n % 30).setToEpochDay(20_030 + n % 30).setParameters(Map.of("currency", "EUR")).build();
    return JobRequest.builder(REPORT, payload).key("acct-" + n % 200).build();
  }
}
