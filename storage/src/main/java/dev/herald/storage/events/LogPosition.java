package dev.herald.storage.events;

/**
 * A place in the event log, in the order readers that must miss nothing follow it: by writing
 * transaction, then by sequence.
 */
public record LogPosition(long txid, long seq) implements Comparable<LogPosition> {

  @Override
  public int compareTo(LogPosition other) {
    int byTx = Long.compareUnsigned(txid, other.txid);
    return byTx != 0 ? byTx : Long.compare(seq, other.seq);
  }
}
