// PollWorker: the feed scheduler inside `khabar serve`. One background
// thread with its own Library connection (analysis models loaded) that
// polls the sources as they fall due (store/source_store.h's next_fetch):
// it looks every `check_every` (1 s, so "poll now" on the admin page acts
// at once) and logs one line per source polled. Stopping cancels fetches in
// flight (net::FetchPolicy::cancel) so shutdown never waits for a slow
// server.
#ifndef KHABAR_SERVICE_POLL_WORKER_H_
#define KHABAR_SERVICE_POLL_WORKER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "service/library.h"
#include "service/poller.h"

namespace khabar::service {

struct PollWorkerOptions {
  LibraryOptions library;
  PollerOptions poller;
  std::chrono::milliseconds check_every{1000};
  std::FILE* log = stderr;
};

class PollWorker {
 public:
  // Opens the Library and starts the thread.
  static Result<std::unique_ptr<PollWorker>> Start(PollWorkerOptions options);
  ~PollWorker();  // cancels a poll in flight and joins

 private:
  explicit PollWorker(PollWorkerOptions options)
      : options_(std::move(options)) {}
  void Run();

  PollWorkerOptions options_;
  std::unique_ptr<Library> library_;
  std::unique_ptr<Poller> poller_;
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// One line for a poll result: "#3 feed https://...: 4 new, 1 duplicate,
// 304 not modified" or "#3 ...: error: ...".
std::string DescribePoll(const PollResult& result);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_POLL_WORKER_H_
