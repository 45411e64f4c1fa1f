package dev.jobpipe.cli.command;

import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;

/** One ACL as one line: {@code ALLOW User:x READ TOPIC jobs.email (LITERAL)}. */
final class AclLines {

  private AclLines() {}

  static String line(AclBinding b) {
    var entry = b.entry();
    var pattern = b.pattern();
    return String.join(" ",
        entry.permissionType().name(),
        entry.principal(),
        entry.operation().name(),
        pattern.resourceType().name(),
        pattern.name() + (pattern.patternType() == PatternType.PREFIXED ? "*" : ""),
        "(" + pattern.patternType().name().toLowerCase(Locale.ROOT) + ", host " + entry.host() + ")");
  }
}
