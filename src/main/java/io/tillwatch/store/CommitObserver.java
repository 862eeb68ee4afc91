package io.tillwatch.store;

/** Told about every group commit, so the metrics layer can count without the store knowing Micrometer. */
public interface CommitObserver {
  void committed(int batchSize, long nanos);

  void failed(int batchSize, Throwable cause);

  CommitObserver NONE = new CommitObserver() {
    @Override
    public void committed(int batchSize, long nanos) {}

    @Override
    public void failed(int batchSize, Throwable cause) {}
  };
}
