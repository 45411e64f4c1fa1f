/**
 * The real-broker fixture of jobpipe's integration tests: {@code @ExtendWith(}{@link
 * dev.jobpipe.testkit.JobpipeStackExtension}{@code .class)} and take a {@link
 * dev.jobpipe.testkit.JobpipeStack} parameter. One KRaft broker and one Apicurio registry are shared
 * by every test of a JVM (use a unique topic or job type per test), started on first use and
 * stopped at JVM exit; failure tests can stop the broker and cut the registry.
 */
package dev.jobpipe.testkit;
