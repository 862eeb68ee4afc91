package io.tillwatch.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.Topic;
import org.junit.jupiter.api.Test;

class TopicAclTest {
  private static final Credential TERMINAL = new Credential("t0001", Credential.Kind.TERMINAL, "m001", "x", 1, 0);
  private static final Credential CONSOLE = new Credential("console-1", Credential.Kind.CONSOLE, "m001", "x", 1, 0);
  private static final Credential CONSOLE_ALL = new Credential("console-2", Credential.Kind.CONSOLE, "*", "x", 1, 0);

  @Test
  void anonymousClientsSubscribeOnlyToTheirOwnCommands() {
    assertTrue(TopicAcl.maySubscribe(null, "t0001", "pos/v1/m001/t0001/cmd"));
    assertFalse(TopicAcl.maySubscribe(null, "t0001", "pos/v1/m001/t0002/cmd"));
    assertTrue(TopicAcl.maySubscribe(null, "console-1", "ops/v1/tasks/+"));
  }

  @Test
  void aTerminalSubscribesOnlyToItsOwnCommandsUnderItsMerchant() {
    assertTrue(TopicAcl.maySubscribe(TERMINAL, "t0001", "pos/v1/m001/t0001/cmd"));
    assertFalse(TopicAcl.maySubscribe(TERMINAL, "t0001", "pos/v1/m002/t0001/cmd"), "another merchant");
    assertFalse(TopicAcl.maySubscribe(TERMINAL, "t0001", "pos/v1/m001/t0002/cmd"));
    assertFalse(TopicAcl.maySubscribe(TERMINAL, "t0001", "ops/v1/tasks/m001"), "terminals do not read tasks");
  }

  @Test
  void consolesReadTheTasksOfTheirMerchant() {
    assertTrue(TopicAcl.maySubscribe(CONSOLE, "console-1", "ops/v1/tasks/m001"));
    assertFalse(TopicAcl.maySubscribe(CONSOLE, "console-1", "ops/v1/tasks/m002"));
    assertFalse(TopicAcl.maySubscribe(CONSOLE, "console-1", "ops/v1/tasks/+"));
    assertTrue(TopicAcl.maySubscribe(CONSOLE_ALL, "console-2", "ops/v1/tasks/+"));
    assertFalse(TopicAcl.maySubscribe(CONSOLE, "console-1", "pos/v1/m001/console-1/cmd"));
  }

  @Test
  void publishingIsConfinedToTheIdentitysOwnTopics() throws Exception {
    assertTrue(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m001/t0001/txn")));
    assertFalse(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m001/t0002/txn")));
    assertFalse(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m002/t0001/txn")));
    assertFalse(TopicAcl.mayPublish(CONSOLE, "console-1", Topic.parse("pos/v1/m001/console-1/txn")));
    assertTrue(TopicAcl.mayPublish(null, "t0001", Topic.parse("pos/v1/anything/t0001/heartbeat")));
    assertFalse(TopicAcl.mayPublish(null, "t0001", Topic.parse("pos/v1/m001/t0002/heartbeat")));
  }

  @Test
  void aTerminalAnswersCommandsOnlyOnItsOwnResultTopic() throws Exception {
    assertTrue(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m001/t0001/cmd-result")));
    assertFalse(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m001/t0002/cmd-result")), "another terminal's");
    assertFalse(TopicAcl.mayPublish(TERMINAL, "t0001", Topic.parse("pos/v1/m002/t0001/cmd-result")), "another merchant's");
    assertFalse(TopicAcl.mayPublish(CONSOLE, "console-1", Topic.parse("pos/v1/m001/console-1/cmd-result")));
    assertFalse(TopicAcl.mayPublish(null, "t0001", Topic.parse("pos/v1/m001/t0002/cmd-result")));
    assertFalse(TopicAcl.maySubscribe(TERMINAL, "t0001", "pos/v1/m001/t0001/cmd-result"), "results are for TillWatch only");
  }
}
