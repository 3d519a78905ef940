#include "service/mail_worker.h"

namespace khabar::service {

Result<std::unique_ptr<MailWorker>> MailWorker::Start(
    MailWorkerOptions options, std::unique_ptr<MailTransport> transport) {
  std::unique_ptr<MailWorker> worker(
      new MailWorker(std::move(options), std::move(transport)));
  KHABAR_ASSIGN_OR_RETURN(worker->library_,
                          Library::Open(worker->options_.library));
  Library& lib = *worker->library_;
  worker->accounts_ =
      std::make_unique<Accounts>(lib.readers(), worker->options_.accounts);
  worker->for_you_ =
      std::make_unique<ForYou>(lib.store(), lib.readers(), &lib.searcher());
  worker->newsletters_ = std::make_unique<Newsletters>(
      lib.store(), lib.readers(), *worker->accounts_, *worker->for_you_,
      worker->options_.newsletters);
  KHABAR_RETURN_IF_ERROR(worker->newsletters_->EnsureDefaults());
  worker->thread_ = std::thread([w = worker.get()] { w->Run(); });
  return worker;
}

MailWorker::~MailWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailWorker::Run() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_editions = Clock::now();
  std::string last_error;
  for (;;) {
    if (Clock::now() >= next_editions) {
      next_editions = Clock::now() + options_.editions_every;
      Result<EditionReport> report = newsletters_->BuildDue(/*dry_run=*/false);
      if (!report.ok()) {
        if (options_.log) {
          std::fprintf(options_.log, "khabar: newsletters: %s\n",
                       report.status().ToString().c_str());
        }
      } else if (report->built > 0 && options_.log) {
        std::fprintf(options_.log, "khabar: newsletters: %d editions queued\n",
                     report->built);
      }
    }
    if (transport_) {
      OutboxOptions outbox;
      outbox.now = options_.newsletters.now;
      Result<DeliveryReport> sent =
          DeliverOutbox(library_->readers(), *transport_, outbox, 100);
      // Log a failure once, not every two seconds while SMTP is down.
      std::string error = sent.ok() ? sent->last_error : sent.status().ToString();
      if (!error.empty() && error != last_error && options_.log) {
        std::fprintf(options_.log, "khabar: mail: %s (will retry)\n",
                     error.c_str());
      }
      last_error = std::move(error);
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, options_.outbox_every, [this] { return stop_; })) {
      return;
    }
  }
}

}  // namespace khabar::service
