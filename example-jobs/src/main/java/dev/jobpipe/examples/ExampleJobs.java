package dev.jobpipe.examples;

import dev.jobpipe.schemas.jobs.EmailSend;
import dev.jobpipe.schemas.jobs.ImageResize;
import dev.jobpipe.schemas.jobs.ReportGenerate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The example job types and their generated payload classes, the only place the type name to class
 * mapping is written. The {@code jobpipe} command falls back to these schemas when a type has nothing
 * registered yet (so {@code jobpipe publish --type email.send --json ...} works on a fresh stack); a
 * service's own types are not listed here and live in the registry only.
 */
public final class ExampleJobs {

  private static final Map<String, Class<? extends SpecificRecord>> TYPES;

  static {
    Map<String, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
    types.put("email.send", EmailSend.class);
    types.put("image.resize", ImageResize.class);
    types.put("report.generate", ReportGenerate.class);
    TYPES = Collections.unmodifiableMap(types);
  }

  private ExampleJobs() {}

  /** Every example job type with its generated payload class, in a stable order. */
  public static Map<String, Class<? extends SpecificRecord>> types() {
    return TYPES;
  }

  /** The generated payload class of an example type; empty for any other type. */
  public static Optional<Class<? extends SpecificRecord>> payloadClass(String type) {
    return Optional.ofNullable(TYPES.get(type));
  }

  /** The payload schema of an example type; empty for any other type. */
  public static Optional<Schema> schema(String type) {
    return payloadClass(type).map(c -> SpecificData.get().getSchema(c));
  }
}
