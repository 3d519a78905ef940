#include "service/worker.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "service/poll_worker.h"

namespace khabar::service {
namespace {

// The first failures of a report, "where: why; ...".
std::string DescribeFailures(const IngestReport& report) {
  std::string text;
  const std::size_t shown = std::min<std::size_t>(report.failures.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) {
    if (!text.empty()) text += "; ";
    text += report.failures[i].where;
    text += ": ";
    text += report.failures[i].status.ToString();
  }
  if (report.failures.size() > shown) {
    text += "; and ";
    text += std::to_string(report.failures.size() - shown);
    text += " more";
  }
  return text;
}

std::string Seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f s", seconds);
  return buffer;
}

}  // namespace

int64_t RetryDelay(const WorkerOptions& options, int attempts) {
  int64_t delay = std::max<int64_t>(options.retry_base_s, 1);
  for (int i = 1; i < attempts && delay < options.max_retry_s; ++i) delay *= 2;
  return std::min(delay, std::max<int64_t>(options.max_retry_s, 1));
}

std::string DefaultWorkerName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof host, "localhost");
  }
  std::string name = host;
  name += ':';
  name += std::to_string(static_cast<long>(getpid()));
  return name;
}

// --- JobRunner --------------------------------------------------------------

JobRunner::JobRunner(Library& library, const WorkerOptions& options,
                     std::string name, std::atomic<bool>* cancel)
    : library_(library),
      options_(options),
      name_(std::move(name)),
      cancel_(cancel),
      poller_options_(options.poller) {
  if (cancel_ != nullptr) poller_options_.fetch.cancel = cancel_;
  poller_options_.now = options_.now;  // one clock for jobs and polls
}

JobRunner::~JobRunner() = default;

void JobRunner::Log(const std::string& line) {
  if (options_.log == nullptr) return;
  std::fprintf(options_.log, "khabar: worker %s: %s\n", name_.c_str(),
               line.c_str());
  std::fflush(options_.log);
}

Result<int> JobRunner::OfferPolls() {
  const UnixSeconds now = options_.now();
  if (now == offered_at_) return 0;
  offered_at_ = now;
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Source> due,
                          library_.sources().DueSources(now, 1000));
  int offered = 0;
  for (const store::Source& source : due) {
    const std::string id = std::to_string(source.id);
    KHABAR_RETURN_IF_ERROR(
        library_.jobs().EnqueueJob(kPollJob, id, id, now).status());
    ++offered;
  }
  stats_.offered += offered;
  return offered;
}

Result<bool> JobRunner::RunOne() {
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(
      std::optional<store::Job> claimed,
      library_.jobs().ClaimJob(name_, "", now, options_.lease_s));
  if (!claimed) return false;
  const store::Job& job = *claimed;
  const auto start = std::chrono::steady_clock::now();
  Status outcome;
  std::string summary;
  if (job.attempts > options_.max_attempts) {
    std::string message = "claimed ";
    message += std::to_string(job.attempts);
    message += " times: its workers kept stopping before it finished";
    outcome = Status::InvalidArgument(message);
  } else if (job.kind == kIngestJob) {
    outcome = RunIngest(job, &summary);
  } else if (job.kind == kPollJob) {
    outcome = RunPoll(job, &summary);
  } else {
    std::string message = "unknown job kind '";
    message += job.kind;
    message += "'";
    outcome = Status::InvalidArgument(message);
  }
  const double seconds = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  KHABAR_RETURN_IF_ERROR(Finish(job, outcome, summary, seconds));
  return true;
}

Status JobRunner::Finish(const store::Job& job, const Status& outcome,
                         const std::string& summary, double seconds) {
  std::string line = "job #";
  line += std::to_string(job.id);
  line += ' ';
  line += job.kind;
  line += ' ';
  line += job.payload;
  line += ": ";
  const UnixSeconds now = options_.now();
  Status recorded;
  if (outcome.ok()) {
    recorded = library_.jobs().CompleteJob(job.id, name_, now);
    if (recorded.ok()) {
      ++stats_.done;
      line += summary;
    }
  } else {
    const bool give_up =
        outcome.IsCallerError() || job.attempts >= options_.max_attempts;
    std::optional<UnixSeconds> retry_at;
    if (!give_up) retry_at = now + RetryDelay(options_, job.attempts);
    recorded = library_.jobs().FailJob(job.id, name_, outcome.ToString(),
                                       retry_at, now);
    if (recorded.ok()) {
      line += give_up ? "failed for good" : "failed";
      line += " (attempt ";
      line += std::to_string(job.attempts);
      line += "): ";
      line += outcome.ToString();
      if (retry_at) {
        line += "; retry in ";
        line += std::to_string(*retry_at - now);
        line += " s";
        ++stats_.retried;
      } else {
        ++stats_.failed;
      }
    }
  }
  if (recorded.code() == StatusCode::kPermissionDenied) {
    // Our lease ran out and another worker holds the job: its run counts.
    ++stats_.dropped;
    line += "dropped: ";
    line += recorded.ToString();
    recorded = Status::Ok();
  }
  if (!recorded.ok()) return recorded;
  line += " (";
  line += Seconds(seconds);
  line += ")";
  Log(line);
  return Status::Ok();
}

Status JobRunner::RunIngest(const store::Job& job, std::string* summary) {
  if (job.payload.empty()) {
    return Status::InvalidArgument("an ingest job needs a path");
  }
  if (!ingestor_) {
    IngestOptions options;
    options.understanding = library_.understanding();
    // Renews the lease of a long job once half of it has passed.
    options.progress = [this](uint64_t, uint64_t) {
      if (current_ == nullptr || lease_lost_) return;
      const UnixSeconds now = options_.now();
      if (now - renewed_at_ < options_.lease_s / 2) return;
      Status renewed = library_.jobs().RenewJob(current_->id, name_,
                                                now + options_.lease_s);
      renewed_at_ = now;
      if (renewed.code() == StatusCode::kPermissionDenied) lease_lost_ = true;
    };
    ingestor_ = std::make_unique<Ingestor>(library_.store(), options);
  }
  current_ = &job;
  renewed_at_ = options_.now();
  lease_lost_ = false;
  IngestReport report;
  Status stored = ingestor_->IngestPaths({job.payload}, &report);
  current_ = nullptr;
  KHABAR_RETURN_IF_ERROR(stored);
  *summary = std::to_string(report.ingested) + " new, " +
             std::to_string(report.duplicates) + " duplicate";
  if (report.failed == 0) return Status::Ok();
  *summary += ", ";
  *summary += std::to_string(report.failed);
  *summary += " failed: ";
  *summary += DescribeFailures(report);
  // A file that could not be read may be readable later: run it again
  // (what was stored is deduplicated). Bad input stays bad: give up when
  // nothing was usable, else keep what was.
  bool transient = false;
  for (const IngestFailure& failure : report.failures) {
    if (!failure.status.IsCallerError()) transient = true;
  }
  if (transient) return Status::IOError(DescribeFailures(report));
  if (report.ingested + report.duplicates == 0) {
    return Status::InvalidArgument(DescribeFailures(report));
  }
  return Status::Ok();
}

Status JobRunner::RunPoll(const store::Job& job, std::string* summary) {
  store::SourceId id = 0;
  const char* begin = job.payload.data();
  const char* end = begin + job.payload.size();
  auto [ptr, ec] = std::from_chars(begin, end, id);
  if (ec != std::errc() || ptr != end || id <= 0) {
    std::string message = "a poll job needs a source id, not '";
    message += job.payload;
    message += "'";
    return Status::InvalidArgument(message);
  }
  if (!poller_) poller_ = std::make_unique<Poller>(library_, poller_options_);
  KHABAR_ASSIGN_OR_RETURN(PollResult result, poller_->PollOne(id));
  // The source's own failure (a network error...) is recorded on it, with
  // its backoff: the job of polling it is done.
  *summary = DescribePoll(result);
  return Status::Ok();
}

// --- Worker -------------------------------------------------------------------

Result<std::unique_ptr<Worker>> Worker::Start(WorkerOptions options) {
  if (options.threads < 1) {
    return Status::InvalidArgument("a worker needs at least one thread");
  }
  if (options.name.empty()) options.name = DefaultWorkerName();
  std::unique_ptr<Worker> worker(new Worker(std::move(options)));
  const WorkerOptions& opts = worker->options_;
  for (int i = 0; i < opts.threads; ++i) {
    KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<Library> library,
                            Library::Open(opts.library));
    std::string name = opts.name;
    name += ':';
    name += std::to_string(i);
    worker->runners_.push_back(std::make_unique<JobRunner>(
        *library, opts, std::move(name), &worker->cancel_));
    worker->libraries_.push_back(std::move(library));
  }
  worker->stats_.resize(static_cast<std::size_t>(opts.threads));
  for (int i = 0; i < opts.threads; ++i) {
    worker->threads_.emplace_back([w = worker.get(), i] { w->Run(i); });
  }
  return worker;
}

Worker::~Worker() {
  Stop();
  Wait();
}

void Worker::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
}

void Worker::Wait() {
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

Status Worker::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

WorkerStats Worker::stats() const {
  std::lock_guard lock(mu_);
  WorkerStats total;
  for (const WorkerStats& s : stats_) {
    total.done += s.done;
    total.retried += s.retried;
    total.failed += s.failed;
    total.dropped += s.dropped;
    total.offered += s.offered;
  }
  return total;
}

void Worker::Run(int index) {
  JobRunner& runner = *runners_[static_cast<std::size_t>(index)];
  // --once gives up after this many failed looks in a row (the store is
  // down): cron runs it again later.
  constexpr int kOnceMaxFailures = 5;
  int failures = 0;
  std::string last_error;
  auto report = [&](const Status& status) {
    // Store trouble (the server restarting, a locked database) repeats at
    // every look: say it when it starts and when it changes.
    if (status.ToString() != last_error && options_.log != nullptr) {
      std::fprintf(options_.log, "khabar: worker %s: %s\n",
                   runner.name().c_str(), status.ToString().c_str());
      std::fflush(options_.log);
    }
    last_error = status.ToString();
  };
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) break;
    }
    bool worked = false;
    bool failed = false;
    if (options_.offer_polls) {
      Result<int> offered = runner.OfferPolls();
      if (!offered.ok()) {
        report(offered.status());
        failed = true;
      }
    }
    Result<bool> ran = runner.RunOne();
    if (!ran.ok()) {
      report(ran.status());
      failed = true;
    } else {
      worked = *ran;
      if (!failed) last_error.clear();
    }
    {
      std::lock_guard lock(mu_);
      stats_[static_cast<std::size_t>(index)] = runner.stats();
    }
    if (worked) continue;
    failures = failed ? failures + 1 : 0;
    if (options_.once && !failed) break;
    if (options_.once && failures >= kOnceMaxFailures) {
      std::lock_guard lock(mu_);
      if (error_.ok()) error_ = ran.ok() ? Status::IOError(last_error) : ran.status();
      break;
    }
    std::unique_lock lock(mu_);
    if (wake_.wait_for(lock, options_.idle_wait, [this] { return stop_; })) {
      break;
    }
  }
}

}  // namespace khabar::service
