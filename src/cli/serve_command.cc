// `khabar serve`: the web site, feeds and JSON API over one data folder.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "service/library.h"
#include "web/server.h"
#include "web/site.h"

#ifndef KHABAR_DEFAULT_FONTS_DIR
#define KHABAR_DEFAULT_FONTS_DIR ""
#endif

namespace khabar::cli {

int RunServe(const std::string& data_dir, const ServeOptions& options) {
  if (!std::filesystem::exists(data_dir + "/khabar.db")) {
    return Fail("serve",
                Status::NotFound("no database in " + data_dir +
                                 " (run `khabar --data " + data_dir +
                                 " ingest FILES` first)"));
  }
  {
    // Opening read-write once applies pending migrations; the site itself
    // only reads.
    service::LibraryOptions migrate;
    migrate.data_dir = data_dir;
    Result<std::unique_ptr<service::Library>> library =
        service::Library::Open(migrate);
    if (!library.ok()) return Fail("serve", library.status());
  }
  web::SiteOptions site_options;
  site_options.library.data_dir = data_dir;
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
  Result<std::unique_ptr<web::Site>> opened = web::Site::Open(site_options);
  if (!opened.ok()) return Fail("serve", opened.status());
  site = std::move(*opened);

  std::fprintf(stderr, "khabar: serving %s on http://%s:%d/ (Ctrl-C stops)\n",
               data_dir.c_str(), options.bind.c_str(), port);
  std::fflush(stderr);
  (*server)->Run();
  site.reset();  // every connection is closed: the database closes cleanly
  std::fprintf(stderr, "khabar: stopped\n");
  if (log != nullptr && log != stderr) std::fclose(log);
  return kExitOk;
}

}  // namespace khabar::cli
