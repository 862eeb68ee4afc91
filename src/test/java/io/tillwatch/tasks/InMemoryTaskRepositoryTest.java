package io.tillwatch.tasks;

/** The test double of the task service's tests keeps the repository contract too. */
class InMemoryTaskRepositoryTest extends TaskRepositoryContract {
  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();

  @Override
  protected TaskRepository repository() {
    return repository;
  }
}
