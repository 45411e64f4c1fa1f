/**
 * Checks of the deployment kit in {@code deploy/} against the code, for files that cannot be run on
 * the build machines (no Docker engine, no cluster): the Grafana dashboard and Prometheus rules
 * read only the series {@code MetricNames} renders to, the Kustomize tree renders into consistent
 * Kubernetes objects, the compose file wires the same ports and variables, Jib's image and the
 * Dockerfile's are one image made of the distribution archive, and every command line there parses
 * with the real CLI. The helpers are a
 * PromQL parser ({@link dev.jobpipe.e2e.deploy.PromQl}), a Kustomize renderer for the features the
 * manifests use ({@link dev.jobpipe.e2e.deploy.Kustomize}), a Dockerfile reader
 * ({@link dev.jobpipe.e2e.deploy.Dockerfile}) and the image facts of both builds
 * ({@link dev.jobpipe.e2e.deploy.ImageDefinition}).
 */
package dev.jobpipe.e2e.deploy;
