package io.tillwatch.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The dispatcher's counts as a list of words: "delivered generic", "retried wecom", "dropped rate_limited". */
final class RecordingEvents implements DeliveryEvents {
  final List<String> heard = new CopyOnWriteArrayList<>();

  @Override
  public void finished(TargetType type, Outcome outcome) {
    heard.add(outcome.label() + " " + type.label());
  }

  @Override
  public void retried(TargetType type) {
    heard.add("retried " + type.label());
  }

  @Override
  public void dropped(Dropped reason) {
    heard.add("dropped " + reason.label());
  }

  long count(String what) {
    return heard.stream().filter(what::equals).count();
  }
}
