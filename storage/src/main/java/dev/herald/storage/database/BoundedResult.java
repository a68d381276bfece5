package dev.herald.storage.database;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/** A result whose rows must keep coming: each one within the limit of the one before. */
final class BoundedResult implements Result {

  private final BoundedConnection connection;
  private final Result result;

  BoundedResult(BoundedConnection connection, Result result) {
    this.connection = connection;
    this.result = result;
  }

  @Override
  public Publisher<Long> getRowsUpdated() {
    return connection.bounded(result.getRowsUpdated());
  }

  @Override
  public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
    return connection.bounded(result.map(mapping));
  }

  @Override
  public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
    return connection.bounded(result.map(mapping));
  }

  @Override
  public Result filter(Predicate<Segment> filter) {
    return new BoundedResult(connection, result.filter(filter));
  }

  @Override
  public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
    return connection.bounded(result.flatMap(mapping));
  }
}
