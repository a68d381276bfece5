package dev.herald.bench;

/** One line of the results table. */
record Row(String workload, String measured, String latency, String target, Boolean met) {

  String markdown() {
    String verdict = met == null ? "" : met ? "met" : "missed";
    return "| " + workload + " | " + measured + " | " + latency + " | " + target + " | " + verdict
        + " |";
  }
}
