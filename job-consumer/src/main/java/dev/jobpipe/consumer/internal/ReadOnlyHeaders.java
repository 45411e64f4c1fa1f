package dev.jobpipe.consumer.internal;

import java.util.Iterator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A read-only view of a record's headers for handlers: the worker hands the original headers over
 * on failure, so a handler must not be able to change them. A view, not a copy, to keep the hot
 * path free of allocation per header.
 */
final class ReadOnlyHeaders implements Headers {

  private final Headers delegate;

  ReadOnlyHeaders(Headers delegate) {
    this.delegate = delegate;
  }

  @Override
  public Headers add(Header header) {
    throw readOnly();
  }

  @Override
  public Headers add(String key, byte[] value) {
    throw readOnly();
  }

  @Override
  public Headers remove(String key) {
    throw readOnly();
  }

  @Override
  public Header lastHeader(String key) {
    return delegate.lastHeader(key);
  }

  @Override
  public Iterable<Header> headers(String key) {
    return delegate.headers(key);
  }

  @Override
  public Header[] toArray() {
    return delegate.toArray();
  }

  @Override
  public Iterator<Header> iterator() {
    Iterator<Header> it = delegate.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Header next() {
        return it.next();
      }
    };
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("job headers are read-only");
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
