#include "service/poll_worker.h"

#include <string>

namespace khabar::service {

std::string DescribePoll(const PollResult& r) {
  // Built by appends: GCC 12's -O3 -Wrestrict misfires on `"#" + string`.
  std::string line = "#";
  line += std::to_string(r.id);
  line += ' ';
  line += r.kind;
  line += ' ';
  line += r.location;
  line += ": ";
  if (!r.status.ok()) {
    line += "error: " + r.status.ToString();
    return line;
  }
  if (r.not_modified) {
    line += "not modified";
  } else {
    line += std::to_string(r.new_articles) + " new, " +
            std::to_string(r.duplicates) + " duplicate";
    if (r.failed_items > 0) {
      line += ", " + std::to_string(r.failed_items) + " failed";
    }
    if (r.pending_items > 0) {
      line += ", " + std::to_string(r.pending_items) + " left for next poll";
    }
  }
  line += " (" + std::to_string(r.bytes) + " bytes)";
  return line;
}

Result<std::unique_ptr<PollWorker>> PollWorker::Start(
    PollWorkerOptions options) {
  std::unique_ptr<PollWorker> worker(new PollWorker(std::move(options)));
  worker->options_.poller.fetch.cancel = &worker->cancel_;
  KHABAR_ASSIGN_OR_RETURN(worker->library_,
                          Library::Open(worker->options_.library));
  worker->poller_ =
      std::make_unique<Poller>(*worker->library_, worker->options_.poller);
  worker->thread_ = std::thread([w = worker.get()] { w->Run(); });
  return worker;
}

PollWorker::~PollWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PollWorker::Run() {
  std::string last_error;
  for (;;) {
    Result<std::optional<UnixSeconds>> due = library_->sources().NextDue();
    if (due.ok() && due->has_value() && **due <= options_.poller.now()) {
      Result<std::vector<PollResult>> polled = poller_->PollDue(false);
      if (!polled.ok()) {
        if (options_.log && polled.status().ToString() != last_error) {
          std::fprintf(options_.log, "khabar: sources: %s\n",
                       polled.status().ToString().c_str());
        }
        last_error = polled.status().ToString();
      } else {
        last_error.clear();
        for (const PollResult& result : *polled) {
          // Quiet when nothing happened; a failing source is reported when
          // it starts failing and then at 2, 4, 8... failures in a row, not
          // at every retry (an offline machine says so once per source).
          const int f = result.failures;
          const bool worth_saying =
              result.status.ok()
                  ? result.new_articles > 0 || result.failed_items > 0
                  : (f & (f - 1)) == 0;
          if (options_.log && worth_saying) {
            std::fprintf(options_.log, "khabar: poll %s\n",
                         DescribePoll(result).c_str());
          }
        }
      }
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, options_.check_every, [this] { return stop_; })) {
      return;
    }
  }
}

}  // namespace khabar::service
