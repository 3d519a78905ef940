#include "service/outbox.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace khabar::service {
namespace {

// The wait after the `attempt`-th failed try (1-based): first_backoff,
// doubling, capped at max_backoff.
int64_t Backoff(const OutboxOptions& options, int attempt) {
  int64_t wait = std::max<int64_t>(1, options.first_backoff);
  for (int i = 1; i < attempt && wait < options.max_backoff; ++i) wait *= 2;
  return std::min(wait, std::max<int64_t>(1, options.max_backoff));
}

// A message that failed during a --retry-now run: parked past the run's
// horizon so the run does not take it again, then given its real next_try
// when the run ends.
struct Parked {
  int64_t id = 0;
  std::string error;
  UnixSeconds next_try = 0;
};

}  // namespace

Status SmtpMailTransport::Send(std::string_view envelope_from,
                               std::string_view recipient,
                               std::string_view mime) {
  return client_.Send(envelope_from, recipient, mime);
}

Result<DeliveryReport> DeliverOutbox(store::ReaderStore& store,
                                     MailTransport& transport,
                                     const OutboxOptions& options,
                                     int max_messages) {
  DeliveryReport report;
  // Normally a message is due when next_try <= now. --retry-now looks
  // max_backoff ahead, which covers every backoff a message can have.
  const UnixSeconds horizon =
      options.ignore_backoff ? options.now() + options.max_backoff : 0;
  std::vector<Parked> parked;
  Status status;
  for (int tried = 0; tried < max_messages; ++tried) {
    const UnixSeconds now = options.now();
    const UnixSeconds due = options.ignore_backoff ? horizon : now;
    Result<std::optional<store::OutboxMessage>> claimed =
        store.ClaimOutbox(due, std::max(due, now) + options.lease_seconds);
    if (!claimed.ok()) {
      status = claimed.status();
      break;
    }
    if (!claimed->has_value()) break;
    const store::OutboxMessage& message = **claimed;

    const Status sent =
        transport.Send(message.sender, message.recipient, message.mime);
    const UnixSeconds after = options.now();
    if (sent.ok()) {
      status = store.MarkSent(message.id, after);
      if (!status.ok()) break;
      ++report.sent;
      continue;
    }
    report.last_error = sent.ToString();
    const bool give_up = sent.code() == StatusCode::kInvalidArgument ||
                         message.attempts >= options.max_attempts;
    const UnixSeconds next_try = after + Backoff(options, message.attempts);
    if (give_up) {
      ++report.failed;
    } else {
      ++report.retried;
    }
    if (options.ignore_backoff && !give_up) {
      parked.push_back({message.id, sent.message(), next_try});
      status = store.MarkRetry(message.id, sent.message(),
                               std::max(next_try, horizon + 1), false);
    } else {
      status = store.MarkRetry(message.id, sent.message(), next_try, give_up);
    }
    if (!status.ok()) break;
  }
  for (const Parked& p : parked) {
    const Status unpark = store.MarkRetry(p.id, p.error, p.next_try, false);
    if (status.ok()) status = unpark;
  }
  if (!status.ok()) return status;
  return report;
}

}  // namespace khabar::service
