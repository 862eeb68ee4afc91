package io.tillwatch.store;

import java.sql.SQLException;

/**
 * A write run by the {@link GroupCommitWriter} inside the current group-commit transaction.
 *
 * <p>Rules: check first, then write. An op that rejects the request throws an unchecked domain
 * exception (e.g. {@code TaskConflictException}); only its future fails and the batch goes on
 * (the writer also rolls back to a savepoint taken before the op, so a late throw cannot leave
 * half a change behind). A {@link SQLException} means the storage failed: the whole batch is
 * rolled back and every future of it fails. Ops must not commit, roll back or block.
 */
@FunctionalInterface
public interface WriteOp<T> {
  T apply(WriteSession session) throws SQLException;
}
