package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.JobHandler;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.registry.RegisteredSchema;
import dev.jobpipe.schemas.registry.SchemaRegistryClient;
import dev.jobpipe.schemas.registry.SchemaRegistryException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a handler to the payload class the worker decodes into, and checks the binding when the
 * worker is built, so that a typing mistake is a one-line error at startup and never a dead letter:
 * the class must be an Avro record (a generated class, or {@code GenericRecord} for the writer's
 * schema), must fit the type argument the handler class declares, if any, and must be able to read
 * the latest schema registered for the job type, if there is one.
 *
 * <p>Without an explicit class the handler class's own type argument decides
 * ({@code implements JobHandler<EmailSend>}); a lambda or generic handler has none and is rejected,
 * since decoding it into generic records would make its casts fail on every job.
 */
public final class PayloadBinding {

  private static final Logger log = LoggerFactory.getLogger(PayloadBinding.class);

  private final Class<?> handlerClass;
  private final Class<?> payloadType;

  private PayloadBinding(Class<?> handlerClass, Class<?> payloadType) {
    this.handlerClass = handlerClass;
    this.payloadType = payloadType;
  }

  /**
   * The binding of a handler of {@code handlerClass} to {@code explicitType} (null: the handler's
   * declared type argument). Throws {@link IllegalArgumentException} naming both types when the
   * payload type cannot be determined, is not an Avro record, or does not fit the handler.
   */
  public static PayloadBinding of(Class<?> handlerClass, Class<?> explicitType) {
    Optional<Class<?>> declared = declaredType(handlerClass);
    Class<?> type = explicitType;
    if (type == null) {
      type = declared.orElseThrow(() -> new IllegalArgumentException("cannot determine the payload type of handler "
          + handlerClass.getName() + " (a lambda or generic class has none at run time):"
          + " pass it with JobWorker.builder(type, PayloadClass.class, handler)"));
    } else if (declared.isPresent() && !declared.get().isAssignableFrom(type)) {
      throw new IllegalArgumentException("handler " + handlerClass.getName() + " handles "
          + declared.get().getName() + " but the worker was built for payload type " + type.getName());
    }
    if (!(isSpecific(type) || isGeneric(type))) {
      throw new IllegalArgumentException("handler " + handlerClass.getName() + " declares payload type "
          + type.getName() + ", which is not an Avro record: use a generated Avro class or GenericRecord");
    }
    return new PayloadBinding(handlerClass, type);
  }

  /** The generated class payloads are decoded into; empty for generic records. */
  public Optional<Class<? extends SpecificRecord>> specificType() {
    return isSpecific(payloadType) ? Optional.of(payloadType.asSubclass(SpecificRecord.class)) : Optional.empty();
  }

  /** The payload class handed to the handler. */
  public Class<?> payloadType() {
    return payloadType;
  }

  /**
   * Checks that the generated class can read the latest schema registered for the job type's main
   * topic. Throws {@link IllegalArgumentException} naming both types when it cannot. Nothing is
   * checked for generic records, for a subject with no schema yet, or when the registry cannot be
   * asked now (the worker then starts and backs off on the registry as usual).
   */
  public void checkRegistered(SchemaRegistryClient registry, JobTopics topics) {
    if (!isSpecific(payloadType)) {
      return;
    }
    String subject = topics.main() + "-value";
    RegisteredSchema latest;
    try {
      latest = registry.latest(subject);
    } catch (SchemaRegistryException e) {
      if (e.httpStatus() != 404) {
        log.warn("cannot check payload type {} against subject {}: {}", payloadType.getName(), subject, e.getMessage());
      }
      return;
    } catch (RuntimeException e) {
      log.warn("cannot check payload type {} against subject {}: {}", payloadType.getName(), subject, e.toString());
      return;
    }
    Schema reader = SpecificData.getForClass(payloadType).getSchema(payloadType);
    Schema writer = latest.schema();
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      String why = result.getIncompatibilities().isEmpty() ? "incompatible"
          : result.getIncompatibilities().get(0).getMessage();
      throw new IllegalArgumentException("payload type " + payloadType.getName() + " of handler "
          + handlerClass.getName() + " cannot read " + writer.getFullName() + ", the schema of job type "
          + topics.type() + " (" + subject + " version " + latest.version() + "): " + why);
    }
  }

  private static boolean isSpecific(Class<?> type) {
    return SpecificRecord.class.isAssignableFrom(type) && !type.isInterface()
        && !java.lang.reflect.Modifier.isAbstract(type.getModifiers());
  }

  private static boolean isGeneric(Class<?> type) {
    return type == Object.class
        || (type.isAssignableFrom(GenericData.Record.class) && GenericContainer.class.isAssignableFrom(type));
  }

  /** The type argument {@code handlerClass} gives {@link JobHandler}, when it is a plain class. */
  static Optional<Class<?>> declaredType(Class<?> handlerClass) {
    for (Class<?> c = handlerClass; c != null && c != Object.class; c = c.getSuperclass()) {
      Optional<Class<?>> found = fromInterfaces(c.getGenericInterfaces());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Class<?>> fromInterfaces(Type[] interfaces) {
    for (Type type : interfaces) {
      if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == JobHandler.class) {
        Type argument = parameterized.getActualTypeArguments()[0];
        if (argument instanceof Class<?> cls) {
          return Optional.of(cls);
        }
        if (argument instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
          return Optional.of(raw);
        }
        return Optional.empty();
      }
      Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
      if (raw != null && JobHandler.class.isAssignableFrom(raw)) {
        Optional<Class<?>> inherited = fromInterfaces(raw.getGenericInterfaces());
        if (inherited.isPresent()) {
          return inherited;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "PayloadBinding[" + handlerClass.getName() + " <- " + payloadType.getName() + "]";
  }
}
