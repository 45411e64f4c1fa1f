package dev.jobpipe.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link dev.jobpipe.consumer.JobHandler} bean (a {@code @Component} class or a
 * {@code @Bean} method) as the handler of one job type: the starter runs a worker for it with the
 * settings under {@code jobpipe.workers.<type>.*}, started and stopped with the application context.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobType {

  /** The job type {@code T}; the worker consumes {@code jobs.T}. */
  String value();
}
