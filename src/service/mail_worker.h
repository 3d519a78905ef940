// MailWorker: the scheduler inside `khabar serve`. One background thread
// with its own Library connection that
//   - delivers the outbox every `outbox_every` (2 s: verification and reset
//     mail goes out promptly), and
//   - builds due newsletter editions every `editions_every` (60 s).
// Several servers may run one each: the outbox claim and the unique edition
// per reader and period make that safe (store/reader_store.h).
//
// Without a transport (no SMTP configured) editions are still built and
// mail waits in the outbox for a server that has one.
#ifndef KHABAR_SERVICE_MAIL_WORKER_H_
#define KHABAR_SERVICE_MAIL_WORKER_H_

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "service/library.h"
#include "service/newsletters.h"
#include "service/outbox.h"

namespace khabar::service {

struct MailWorkerOptions {
  LibraryOptions library;
  NewslettersOptions newsletters;
  AccountsOptions accounts;
  std::chrono::milliseconds outbox_every{2000};
  std::chrono::milliseconds editions_every{60000};
  std::FILE* log = stderr;  // one line per edition batch and failure
};

class MailWorker {
 public:
  // `transport` may be null (no delivery). Starts the thread.
  static Result<std::unique_ptr<MailWorker>> Start(
      MailWorkerOptions options, std::unique_ptr<MailTransport> transport);
  // Stops and joins the thread (a send in progress finishes first).
  ~MailWorker();

 private:
  MailWorker(MailWorkerOptions options, std::unique_ptr<MailTransport> transport)
      : options_(std::move(options)), transport_(std::move(transport)) {}
  void Run();

  MailWorkerOptions options_;
  std::unique_ptr<MailTransport> transport_;
  std::unique_ptr<Library> library_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<ForYou> for_you_;
  std::unique_ptr<Newsletters> newsletters_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_MAIL_WORKER_H_
