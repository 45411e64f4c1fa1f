package dev.jobpipe.schemas;

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
 * The job types whose payload schema ships with jobpipe (the generated classes of this module), and
 * the only place the type name to class mapping is written. Tools fall back to these schemas when a
 * type has nothing registered yet; a user's own types are not listed here and live in the registry
 * only. Adding a built-in type is one more line in {@link #BUILT_IN}.
 */
public final class JobTypes {

  private static final Map<String, Class<? extends SpecificRecord>> BUILT_IN;

  static {
    Map<String, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
    types.put("email.send", EmailSend.class);
    types.put("image.resize", ImageResize.class);
    types.put("report.generate", ReportGenerate.class);
    BUILT_IN = Collections.unmodifiableMap(types);
  }

  private JobTypes() {}

  /** Every built-in job type with its generated payload class, in a stable order. */
  public static Map<String, Class<? extends SpecificRecord>> builtIn() {
    return BUILT_IN;
  }

  /** The generated payload class of a built-in type; empty for any other type. */
  public static Optional<Class<? extends SpecificRecord>> payloadClass(String type) {
    return Optional.ofNullable(BUILT_IN.get(type));
  }

  /** The payload schema of a built-in type; empty for any other type. */
  public static Optional<Schema> schema(String type) {
    return payloadClass(type).map(c -> SpecificData.get().getSchema(c));
  }
}
