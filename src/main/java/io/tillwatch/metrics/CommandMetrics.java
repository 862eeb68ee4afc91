package io.tillwatch.metrics;

import io.tillwatch.commands.CommandChange;
import io.tillwatch.commands.CommandListener;
import io.tillwatch.commands.ResultRefusal;

/**
 * Counts terminal commands through their life (sent, delivered, answered, expired) and the results
 * refused; the pending gauge reads the command service instead ({@link TillWatchMetrics#bindCommands}).
 */
public final class CommandMetrics implements CommandListener {
  private final TillWatchMetrics metrics;

  public CommandMetrics(TillWatchMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void changed(CommandChange change) {
    var c = change.command();
    switch (change.kind()) {
      case CREATED -> metrics.commandSent(c.type());
      case DELIVERED -> metrics.commandDelivered(c.type());
      case ANSWERED -> metrics.commandAnswered(c.type(), c.state());
      case EXPIRED -> metrics.commandExpired(c.type());
    }
  }

  @Override
  public void refused(ResultRefusal reason) {
    metrics.commandResultRefused(reason);
  }
}
