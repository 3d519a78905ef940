#include "service/outbox.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/fake_smtp_server.h"
#include "service/library.h"
#include "service/mail.h"

namespace khabar::service {
namespace {

constexpr UnixSeconds kStart = 1795689000;  // 2026-11-26T09:10:00Z

// A transport that can be down, or refuse one recipient for good. It
// records every message it accepted, by Message-ID.
class FakeTransport : public MailTransport {
 public:
  Status Send(std::string_view envelope_from, std::string_view recipient,
              std::string_view mime) override {
    ++calls;
    if (recipient == refused_recipient) {
      return Status::InvalidArgument("550 5.1.1 no such user");
    }
    if (down) return Status::IOError("connection refused");
    if (envelope_from != "news@example.org") {
      return Status::InvalidArgument("unexpected sender");
    }
    const std::size_t at = mime.find("Message-Id: <");
    const std::size_t end = mime.find('>', at);
    delivered[std::string(mime.substr(at + 13, end - at - 13))] += 1;
    return Status::Ok();
  }

  bool down = false;
  std::string refused_recipient;
  int calls = 0;
  std::map<std::string, int> delivered;  // Message-ID → times accepted
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LibraryOptions options;
    options.in_memory = true;
    Result<std::unique_ptr<Library>> lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = std::move(lib).value();
    options_.now = [this] { return now_; };
  }

  store::ReaderStore& readers() { return library_->readers(); }

  // Queues one message to `to`; returns its outbox id and Message-ID.
  std::pair<int64_t, std::string> Queue(const std::string& to) {
    MailContent content;
    content.from = "خبر <news@example.org>";
    content.to = to;
    content.subject = "نشرة خبر اليومية";
    content.text = "مرحبا";
    content.date = now_;
    Result<ComposedMail> mail = ComposeMail(content, "example.org");
    EXPECT_TRUE(mail.ok()) << mail.status().ToString();
    store::OutboxMessage message;
    message.recipient = to;
    message.sender = "news@example.org";
    message.message_id = mail->message_id;
    message.mime = mail->mime;
    message.status = "queued";
    message.created_at = now_;
    message.next_try = now_;
    Result<int64_t> id = readers().Enqueue(message);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return {id.ok() ? *id : 0, mail->message_id};
  }

  DeliveryReport Deliver(int max_messages = 1000) {
    Result<DeliveryReport> report =
        DeliverOutbox(readers(), transport_, options_, max_messages);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : DeliveryReport{};
  }

  store::OutboxMessage Get(int64_t id) {
    Result<store::OutboxMessage> message = readers().GetOutbox(id);
    EXPECT_TRUE(message.ok()) << message.status().ToString();
    return message.ok() ? *message : store::OutboxMessage{};
  }

  std::unique_ptr<Library> library_;
  FakeTransport transport_;
  OutboxOptions options_;
  UnixSeconds now_ = kStart;
};

TEST_F(OutboxTest, DeliversQueuedMailOnce) {
  const auto [a, a_id] = Queue("a@example.com");
  const auto [b, b_id] = Queue("b@example.com");
  const DeliveryReport report = Deliver();
  EXPECT_EQ(report.sent, 2);
  EXPECT_EQ(report.retried, 0);
  EXPECT_EQ(transport_.delivered.at(a_id), 1);
  EXPECT_EQ(transport_.delivered.at(b_id), 1);
  EXPECT_EQ(Get(a).status, "sent");
  ASSERT_TRUE(Get(a).sent_at.has_value());
  EXPECT_EQ(*Get(a).sent_at, kStart);
  now_ += 3600;
  EXPECT_EQ(Deliver().sent, 0);  // nothing goes out twice
  EXPECT_EQ(transport_.calls, 2);
}

TEST_F(OutboxTest, SmtpOutageDelaysMailAndLosesNone) {
  std::vector<std::pair<int64_t, std::string>> queued;
  for (int i = 0; i < 5; ++i) {
    queued.push_back(Queue("reader" + std::to_string(i) + "@example.com"));
  }
  transport_.down = true;
  // Three failed rounds: 1 min, then 2 min, then 4 min later.
  const int64_t waits[] = {60, 120, 240};
  for (int round = 0; round < 3; ++round) {
    const DeliveryReport report = Deliver();
    EXPECT_EQ(report.retried, 5) << "round " << round;
    EXPECT_EQ(report.sent, 0);
    EXPECT_NE(report.last_error.find("connection refused"), std::string::npos);
    for (const auto& [id, message_id] : queued) {
      const store::OutboxMessage message = Get(id);
      EXPECT_EQ(message.status, "queued");
      EXPECT_EQ(message.attempts, round + 1);
      EXPECT_EQ(message.next_try, now_ + waits[round]);
      EXPECT_NE(message.last_error.find("connection refused"),
                std::string::npos);
    }
    // Not due yet: nothing is tried.
    now_ += waits[round] - 1;
    const int calls = transport_.calls;
    EXPECT_EQ(Deliver().retried, 0);
    EXPECT_EQ(transport_.calls, calls);
    now_ += 1;
  }
  transport_.down = false;
  const DeliveryReport report = Deliver();
  EXPECT_EQ(report.sent, 5);
  for (const auto& [id, message_id] : queued) {
    EXPECT_EQ(transport_.delivered[message_id], 1);
    EXPECT_EQ(Get(id).status, "sent");
    EXPECT_EQ(Get(id).attempts, 4);
  }
  EXPECT_EQ(transport_.delivered.size(), 5u);
  Result<store::OutboxCounts> counts = readers().CountOutbox();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->sent, 5);
  EXPECT_EQ(counts->queued, 0);
}

TEST_F(OutboxTest, BackoffDoublesUpToSixHoursThenGivesUp) {
  const auto [id, message_id] = Queue("a@example.com");
  transport_.down = true;
  int64_t expected = 60;
  for (int attempt = 1; attempt <= 20; ++attempt) {
    const DeliveryReport report = Deliver();
    const store::OutboxMessage message = Get(id);
    EXPECT_EQ(message.attempts, attempt);
    if (attempt < 20) {
      EXPECT_EQ(report.retried, 1) << attempt;
      EXPECT_EQ(message.status, "queued");
      EXPECT_EQ(message.next_try - now_, expected) << "attempt " << attempt;
      now_ = message.next_try;
      expected = std::min<int64_t>(expected * 2, 6 * 3600);
    } else {
      EXPECT_EQ(report.failed, 1);
      EXPECT_EQ(message.status, "failed");
    }
  }
  now_ += 7 * 24 * 3600;
  transport_.down = false;
  EXPECT_EQ(Deliver().sent, 0);  // failed for good stays failed
  EXPECT_TRUE(transport_.delivered.empty());
}

TEST_F(OutboxTest, PermanentRefusalFailsAtOnce) {
  const auto [bad, bad_id] = Queue("nobody@example.com");
  const auto [good, good_id] = Queue("a@example.com");
  transport_.refused_recipient = "nobody@example.com";
  const DeliveryReport report = Deliver();
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.sent, 1);
  EXPECT_EQ(Get(bad).status, "failed");
  EXPECT_EQ(Get(bad).attempts, 1);
  EXPECT_NE(Get(bad).last_error.find("550"), std::string::npos);
  now_ += 24 * 3600;
  const int calls = transport_.calls;
  Deliver();
  EXPECT_EQ(transport_.calls, calls);
  EXPECT_EQ(transport_.delivered.count(bad_id), 0u);
  EXPECT_EQ(transport_.delivered.at(good_id), 1);
}

// A sender claims a message, hands it to SMTP and dies before recording
// that it went out. After the lease the message is taken again: it goes out
// a second time with the same Message-ID (so clients fold the two), and no
// other message is sent twice.
TEST_F(OutboxTest, SenderCrashResendsOnlyTheMessageInFlight) {
  const auto [first, first_id] = Queue("a@example.com");
  const auto [second, second_id] = Queue("b@example.com");
  const auto [third, third_id] = Queue("c@example.com");

  Result<std::optional<store::OutboxMessage>> claimed =
      readers().ClaimOutbox(now_, now_ + options_.lease_seconds);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  const store::OutboxMessage in_flight = **claimed;
  EXPECT_EQ(in_flight.status, "sending");
  ASSERT_TRUE(
      transport_.Send(in_flight.sender, in_flight.recipient, in_flight.mime)
          .ok());
  // ... and the process dies here.

  now_ += 10;
  EXPECT_EQ(Deliver().sent, 2);  // the other two; the claim still holds
  EXPECT_EQ(Get(in_flight.id).status, "sending");

  now_ += options_.lease_seconds;  // the lease has run out
  EXPECT_EQ(Deliver().sent, 1);
  EXPECT_EQ(Get(in_flight.id).status, "sent");
  EXPECT_EQ(Get(in_flight.id).attempts, 2);
  EXPECT_EQ(transport_.delivered[in_flight.message_id], 2);
  for (const std::string& id : {first_id, second_id, third_id}) {
    if (id != in_flight.message_id) {
      EXPECT_EQ(transport_.delivered[id], 1);
    }
  }
  EXPECT_EQ(transport_.delivered.size(), 3u);
  now_ += 3600;
  EXPECT_EQ(Deliver().sent, 0);
}

TEST_F(OutboxTest, RetryNowIgnoresBackoffAndTriesEachOnce) {
  const auto [a, a_id] = Queue("a@example.com");
  const auto [b, b_id] = Queue("b@example.com");
  transport_.down = true;
  Deliver();
  now_ += 5;  // well before the 1-minute backoff

  // Still down: each message is tried once, then keeps a normal backoff.
  options_.ignore_backoff = true;
  int calls = transport_.calls;
  DeliveryReport report = Deliver();
  EXPECT_EQ(report.retried, 2);
  EXPECT_EQ(transport_.calls, calls + 2);
  EXPECT_EQ(Get(a).status, "queued");
  EXPECT_EQ(Get(a).attempts, 2);
  EXPECT_EQ(Get(a).next_try, now_ + 120);

  // Back up: --retry-now sends at once.
  transport_.down = false;
  now_ += 5;
  report = Deliver();
  EXPECT_EQ(report.sent, 2);
  EXPECT_EQ(transport_.delivered.at(a_id), 1);
  EXPECT_EQ(transport_.delivered.at(b_id), 1);
}

TEST_F(OutboxTest, StopsAfterMaxMessages) {
  for (int i = 0; i < 4; ++i) Queue("r" + std::to_string(i) + "@example.com");
  EXPECT_EQ(Deliver(/*max_messages=*/3).sent, 3);
  EXPECT_EQ(Deliver().sent, 1);
}

// The real transport end to end: an SMTP server that is down, then up and
// refusing one recipient for good.
TEST_F(OutboxTest, SmtpTransportRetriesAnOutageAndFailsA550) {
  const auto [good, good_id] = Queue("a@example.com");
  net::SmtpConfig down;
  {
    net::testing::FakeSmtpServer gone({});
    down.url = gone.url();
  }  // stopped and closed: connecting is refused
  down.timeout_ms = 2000;
  SmtpMailTransport unreachable(down);
  Result<DeliveryReport> report =
      DeliverOutbox(readers(), unreachable, options_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->retried, 1);
  EXPECT_EQ(Get(good).status, "queued");

  now_ += 60;
  net::testing::FakeSmtpServer server({});
  net::SmtpConfig up;
  up.url = server.url();
  up.timeout_ms = 5000;
  SmtpMailTransport transport(up);
  report = DeliverOutbox(readers(), transport, options_);
  server.Stop();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->sent, 1);
  ASSERT_EQ(server.messages.size(), 1u);
  EXPECT_EQ(server.messages[0], Get(good).mime);  // byte for byte
  EXPECT_EQ(server.rcpt_to, "<a@example.com>");

  const auto [bad, bad_id] = Queue("nobody@example.com");
  net::testing::FakeSmtpServer refusing({.rcpt_code = 550});
  net::SmtpConfig strict;
  strict.url = refusing.url();
  strict.timeout_ms = 5000;
  SmtpMailTransport refused(strict);
  report = DeliverOutbox(readers(), refused, options_);
  refusing.Stop();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(Get(bad).status, "failed");
}

}  // namespace
}  // namespace khabar::service
