package io.tillwatch.commands;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what a {@link CommandListener} hears. */
final class RecordingListener implements CommandListener {
  final List<CommandChange> changes = new CopyOnWriteArrayList<>();
  final List<ResultRefusal> refusals = new CopyOnWriteArrayList<>();

  @Override
  public void changed(CommandChange change) {
    changes.add(change);
  }

  @Override
  public void refused(ResultRefusal reason) {
    refusals.add(reason);
  }

  List<String> kinds() {
    return changes.stream().map(c -> c.kind() + ":" + c.command().state()).toList();
  }
}
