// `khabar serve`: the web site, feeds and JSON API over one data folder.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "net/smtp.h"
#include "service/library.h"
#include "service/mail_worker.h"
#include "service/poll_worker.h"
#include "service/outbox.h"
#include "store/postgres/postgres_store.h"
#include "web/server.h"
#include "web/site.h"

#ifndef KHABAR_DEFAULT_FONTS_DIR
#define KHABAR_DEFAULT_FONTS_DIR ""
#endif

namespace khabar::cli {
namespace {

// "http://news.example.org:8080/x" → "news.example.org".
std::string HostOf(const std::string& url) {
  std::size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::size_t end = url.find_first_of(":/", start);
  if (end == std::string::npos) end = url.size();
  return url.substr(start, end - start);
}

// The newsletter scheduler and outbox sender of `serve`.
Result<std::unique_ptr<service::MailWorker>> StartMail(
    const std::string& data_dir, const ServeOptions& options,
    const web::SiteOptions& site_options) {
  std::string smtp_url = options.smtp_url;
  if (smtp_url.empty()) {
    if (const char* env = std::getenv("KHABAR_SMTP_URL")) smtp_url = env;
  }
  std::unique_ptr<service::MailTransport> transport;
  if (!smtp_url.empty()) {
    KHABAR_ASSIGN_OR_RETURN(net::SmtpConfig smtp, net::ParseSmtpUrl(smtp_url));
    transport = std::make_unique<service::SmtpMailTransport>(std::move(smtp));
  } else {
    std::fprintf(stderr,
                 "khabar: no --smtp or KHABAR_SMTP_URL: mail waits in the outbox\n");
  }
  service::MailWorkerOptions mail;
  mail.library.data_dir = data_dir;
  mail.accounts.base_url = site_options.base_url;
  mail.accounts.mail_from = site_options.mail_from;
  mail.newsletters.base_url = site_options.base_url;
  mail.newsletters.mail_from = site_options.mail_from;
  mail.editions_every = std::chrono::seconds(options.mail_interval_seconds);
  return service::MailWorker::Start(std::move(mail), std::move(transport));
}

}  // namespace

int RunServe(const std::string& data_dir, const ServeOptions& options) {
  // A database URL (--database) needs no local file: the server is the
  // database, and Library::Open below migrates it.
  if (!store::IsPostgresUrl(data_dir) &&
      !std::filesystem::exists(data_dir + "/khabar.db")) {
    return Fail("serve",
                Status::NotFound("no database in " + data_dir +
                                 " (run `khabar --data " + data_dir +
                                 " ingest FILES` first)"));
  }
  if (!options.read_only) {
    // Opening read-write once applies pending migrations before any
    // reader connection opens. (A read-only instance checks the schema
    // instead: a standby is migrated by its primary.)
    service::LibraryOptions migrate;
    migrate.data_dir = data_dir;
    Result<std::unique_ptr<service::Library>> library =
        service::Library::Open(migrate);
    if (!library.ok()) {
      Status s = library.status();
      if (s.code() == StatusCode::kPermissionDenied) {
        // A hot standby, a read-only file: say what does work there.
        s = s.WithContext("the database takes no writes (serve it with --read-only)");
      }
      return Fail("serve", s);
    }
  }
  web::SiteOptions site_options;
  site_options.library.data_dir = data_dir;
  site_options.read_only = options.read_only;
  site_options.fonts_dir = options.fonts_dir.empty() ? KHABAR_DEFAULT_FONTS_DIR
                                                     : options.fonts_dir;
  site_options.cache_bytes = static_cast<std::size_t>(options.page_cache_mb) << 20;
  std::FILE* log = stderr;
  if (options.access_log == "off") {
    log = nullptr;
  } else if (options.access_log != "-") {
    log = std::fopen(options.access_log.c_str(), "a");
    if (log == nullptr) {
      return Fail("serve", Status::IOError("cannot open access log " +
                                           options.access_log));
    }
    std::setvbuf(log, nullptr, _IOLBF, 0);  // whole lines, as they happen
  }
  site_options.access_log = log;

  web::ServerOptions server_options;
  server_options.bind = options.bind;
  server_options.port = options.port;
  server_options.threads = options.threads;

  // Bind first: the base URL may need the port the system picked.
  std::shared_ptr<web::Site> site;
  Result<std::unique_ptr<web::Server>> server = web::Server::Start(
      server_options, [&site](const web::Request& request) {
        return site->Handle(request);
      });
  if (!server.ok()) return Fail("serve", server.status());
  const int port = (*server)->port();
  site_options.base_url =
      options.base_url.empty()
          ? "http://" + (options.bind == "0.0.0.0" ? std::string("localhost")
                                                   : options.bind) +
                ":" + std::to_string(port)
          : options.base_url;
  if (options.mail_from.empty()) {
    std::string host = HostOf(site_options.base_url);
    if (host.find('.') == std::string::npos) host += ".localdomain";
    site_options.mail_from = "خبر <no-reply@" + host + ">";
  } else {
    site_options.mail_from = options.mail_from;
  }

  // Mail: the newsletter scheduler and the outbox, on their own thread (not
  // on a read-only instance: sending writes the outbox).
  std::unique_ptr<service::MailWorker> mail_worker;
  if (!options.read_only) {
    Result<std::unique_ptr<service::MailWorker>> started =
        StartMail(data_dir, options, site_options);
    if (!started.ok()) return Fail("serve", started.status());
    mail_worker = std::move(started).value();
  }

  // Sources: polled as they fall due, on their own thread.
  std::unique_ptr<service::PollWorker> poll_worker;
  if (options.poll && !options.read_only) {
    service::PollWorkerOptions poll;
    poll.library.data_dir = data_dir;
    poll.library.understand = true;
    poll.library.models_dir = options.models_dir;
    poll.poller.fetch.allow_hosts = AllowedHosts(options.allow_hosts);
    poll.poller.host_delay = std::chrono::milliseconds(options.host_delay_ms);
    Result<std::unique_ptr<service::PollWorker>> started =
        service::PollWorker::Start(std::move(poll));
    if (!started.ok()) return Fail("serve: sources", started.status());
    poll_worker = std::move(started).value();
  }

  Result<std::unique_ptr<web::Site>> opened = web::Site::Open(site_options);
  if (!opened.ok()) return Fail("serve", opened.status());
  site = std::move(*opened);

  std::fprintf(stderr, "khabar: serving %s on http://%s:%d/ (Ctrl-C stops)\n",
               DisplayLocation(data_dir).c_str(), options.bind.c_str(), port);
  std::fflush(stderr);
  (*server)->Run();
  site.reset();  // every connection is closed: the database closes cleanly
  mail_worker.reset();  // finishes a send in progress
  poll_worker.reset();  // cancels fetches in flight
  std::fprintf(stderr, "khabar: stopped\n");
  if (log != nullptr && log != stderr) std::fclose(log);
  return kExitOk;
}

}  // namespace khabar::cli
