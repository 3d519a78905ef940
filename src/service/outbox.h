// The mail outbox: every message Khabar sends waits in the store until an
// SMTP server accepts it. Delivery claims one message at a time
// (store::ReaderStore::ClaimOutbox: a lease, so a sender that dies leaves the
// message to be claimed again after the lease), sends it, and marks it sent;
// a failure puts it back with exponential backoff (1 min doubling to 6 h; a
// permanent 5xx rejection or 20 attempts fail it for good). An SMTP outage
// therefore delays mail and loses none, and after a crash only the message
// in flight may go out again — with the same Message-ID, stored in it.
#ifndef KHABAR_SERVICE_OUTBOX_H_
#define KHABAR_SERVICE_OUTBOX_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"
#include "base/time.h"
#include "net/smtp.h"
#include "store/reader_store.h"

namespace khabar::service {

// Sends one message. SmtpMailTransport is the real one; tests fake it.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // IOError: temporary (connection refused, 4xx) — retry later.
  // InvalidArgument: permanent (5xx for this recipient) — give up.
  virtual Status Send(std::string_view envelope_from,
                      std::string_view recipient, std::string_view mime) = 0;
};

// The real transport: one net::SmtpClient, so a delivery run keeps its
// connection to the server. Not thread-safe: one per sending thread.
class SmtpMailTransport : public MailTransport {
 public:
  explicit SmtpMailTransport(net::SmtpConfig config)
      : client_(std::move(config)) {}
  Status Send(std::string_view envelope_from, std::string_view recipient,
              std::string_view mime) override;

 private:
  net::SmtpClient client_;
};

struct OutboxOptions {
  std::function<UnixSeconds()> now = NowUnixSeconds;
  int64_t lease_seconds = 300;      // a claim older than this is retaken
  int64_t first_backoff = 60;
  int64_t max_backoff = 6 * 3600;
  int max_attempts = 20;
  // `newsletter send --retry-now`: every queued message is tried once now,
  // whatever its next_try (a failure still gets its normal backoff). Run it
  // alone: it also retakes claims younger than max_backoff.
  bool ignore_backoff = false;
};

struct DeliveryReport {
  int sent = 0;
  int retried = 0;
  int failed = 0;
  std::string last_error;
};

// Delivers due messages until none is due or `max_messages` were tried.
Result<DeliveryReport> DeliverOutbox(store::ReaderStore& store,
                                     MailTransport& transport,
                                     const OutboxOptions& options,
                                     int max_messages = 1000);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_OUTBOX_H_
