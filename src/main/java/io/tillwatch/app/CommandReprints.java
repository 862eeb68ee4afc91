package io.tillwatch.app;

import io.tillwatch.backoffice.FollowUpService;
import io.tillwatch.backoffice.ReprintOrder;
import io.tillwatch.backoffice.ReprintSender;
import io.tillwatch.backoffice.SaleLookup;
import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandChange;
import io.tillwatch.commands.CommandListener;
import io.tillwatch.commands.CommandService;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import java.util.concurrent.CompletionStage;

/**
 * Where the follow-up and the terminal commands meet, so neither knows the other: reprint orders
 * become commands, and a command that ends without a printed receipt (failed, refused, expired)
 * is told to the follow-up, which says so on the task. A DONE needs nothing: the terminal's PRINTED
 * event closes the task.
 */
final class CommandReprints implements ReprintSender, CommandListener {
  private final CommandService commands;
  private volatile FollowUpService followUp;

  CommandReprints(CommandService commands) {
    this.commands = commands;
  }

  /** The follow-up is built with this class as its reprint sender, so it is attached afterwards. */
  void attach(FollowUpService service) {
    this.followUp = service;
  }

  @Override
  public CompletionStage<String> send(ReprintOrder order) {
    SaleLookup s = order.sale();
    SaleDetails sale = new SaleDetails(s.hasAmount() ? s.amount() : null, s.currency(),
        s.method() == null ? null : s.method().name(), s.rrn(), s.authCode(), s.pan(), s.ref(),
        s.saleAtMs() > 0 ? s.saleAtMs() : null, order.backOfficeRef());
    return commands.send(new ReprintRequest(order.idempotencyKey(), order.taskId(), s.merchant(), s.terminal(), s.txn(), sale))
        .thenApply(Command::id);
  }

  @Override
  public void changed(CommandChange change) {
    Command c = change.command();
    if (!change.ended() || c.taskId() == null || c.state() == CommandState.DONE) {
      return;
    }
    String why = c.state() == CommandState.EXPIRED ? "the terminal did not answer before the command expired"
        : "the terminal answered " + c.state().name() + (c.reason() == null ? "" : " " + c.reason());
    FollowUpService f = followUp;
    if (f != null) {
      f.reprintFailed(c.taskId(), why);
    }
  }
}
