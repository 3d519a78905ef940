// `khabar sources ...`: the operator's list of feeds, sites, pages and
// folders (service/sources.h), polling it (service/poller.h), OPML import
// and export; `khabar operator grant|revoke EMAIL`: who may manage sources
// on the admin page.
#include <cstdio>
#include <cstdlib>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "cli/commands.h"
#include "service/library.h"
#include "service/poll_worker.h"
#include "service/poller.h"
#include "service/sources.h"

namespace khabar::cli {
namespace {

Result<std::unique_ptr<service::Library>> Open(const std::string& data_dir,
                                               bool understand,
                                               const std::string& models_dir) {
  service::LibraryOptions lib;
  lib.data_dir = data_dir;
  lib.understand = understand;
  lib.models_dir = models_dir;
  return service::Library::Open(lib);
}

std::string When(const std::optional<UnixSeconds>& t) {
  return t ? FormatIso8601(*t) : "never";
}

nlohmann::json SourceJson(const service::SourceView& view) {
  const store::Source& s = view.source;
  nlohmann::json j = {{"id", s.id},
                      {"kind", s.kind},
                      {"location", s.location},
                      {"title", s.title},
                      {"state", s.state},
                      {"format", s.format},
                      {"next_fetch", FormatIso8601(s.next_fetch)},
                      {"interval_s", s.interval_s},
                      {"last_status", s.last_status},
                      {"last_error", s.last_error},
                      {"failures", s.failures},
                      {"articles", s.articles},
                      {"articles_per_day", view.articles_per_day},
                      {"bytes", s.bytes}};
  if (!s.feed_url.empty()) j["feed_url"] = s.feed_url;
  j["last_fetch"] = s.last_fetch ? nlohmann::json(FormatIso8601(*s.last_fetch))
                                 : nlohmann::json(nullptr);
  j["last_success"] = s.last_success
                          ? nlohmann::json(FormatIso8601(*s.last_success))
                          : nlohmann::json(nullptr);
  return j;
}

nlohmann::json PollJson(const service::PollResult& r) {
  return {{"id", r.id},
          {"location", r.location},
          {"kind", r.kind},
          {"ok", r.status.ok()},
          {"error", r.status.ok() ? "" : r.status.ToString()},
          {"http_status", r.http_status},
          {"not_modified", r.not_modified},
          {"new", r.new_articles},
          {"duplicates", r.duplicates},
          {"failed_items", r.failed_items},
          {"pending_items", r.pending_items},
          {"bytes", r.bytes},
          {"item_errors", r.item_errors}};
}

}  // namespace

std::vector<std::string> AllowedHosts(const std::vector<std::string>& flags) {
  std::vector<std::string> hosts = flags;
  if (const char* env = std::getenv("KHABAR_ALLOW_HOSTS")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view host = rest.substr(0, comma);
      while (!host.empty() && host.front() == ' ') host.remove_prefix(1);
      while (!host.empty() && host.back() == ' ') host.remove_suffix(1);
      if (!host.empty()) hosts.emplace_back(host);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return hosts;
}

int RunSources(const std::string& data_dir, const SourcesCommand& cmd) {
  const bool polling = cmd.action == "poll";
  auto lib = Open(data_dir, /*understand=*/polling, cmd.models_dir);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  service::Sources sources((*lib)->sources());
  const UnixSeconds now = NowUnixSeconds();

  if (cmd.action == "add") {
    int status = kExitOk;
    for (const std::string& location : cmd.args) {
      Result<store::Source> added = sources.Add(location, now);
      if (!added.ok()) {
        status = Fail("sources add " + location, added.status());
        continue;
      }
      fmt::print("added source #{} ({}) {}\n", added->id, added->kind,
                 added->location);
    }
    return status;
  }
  if (cmd.action == "list") {
    Result<std::vector<service::SourceView>> list = sources.List(now);
    if (!list.ok()) return Fail("sources list", list.status());
    if (cmd.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& view : *list) out.push_back(SourceJson(view));
      fmt::print("{}\n", out.dump(2));
      return kExitOk;
    }
    if (list->empty())
      fmt::print("no sources: add one with `khabar sources add URL|FOLDER`\n");
    for (const service::SourceView& view : *list) {
      const store::Source& s = view.source;
      fmt::print("#{} {} {} [{}]{}\n", s.id, s.kind, s.location, s.state,
                 s.title.empty() ? "" : "  «" + s.title + "»");
      fmt::print("    last fetch {} (HTTP {}), last success {}, next {}\n",
                 When(s.last_fetch), s.last_status, When(s.last_success),
                 s.state == "active" ? FormatIso8601(s.next_fetch) : "-");
      fmt::print(
          "    {} new articles, {:.1f} delivered per day (last 7 days), {} "
          "bytes downloaded\n",
          s.articles, view.articles_per_day, s.bytes);
      if (!s.last_error.empty()) {
        fmt::print("    error ({} in a row): {}\n", s.failures, s.last_error);
      }
    }
    return kExitOk;
  }
  if (cmd.action == "remove" || cmd.action == "pause" ||
      cmd.action == "resume") {
    int status = kExitOk;
    for (const std::string& which : cmd.args) {
      Result<store::Source> source = sources.Find(which);
      Status done = source.status();
      if (source.ok()) {
        done = cmd.action == "remove"  ? sources.Remove(source->id)
               : cmd.action == "pause" ? sources.Pause(source->id)
                                       : sources.Resume(source->id, now);
      }
      if (!done.ok()) {
        status = Fail("sources " + cmd.action + " " + which, done);
        continue;
      }
      fmt::print("{} source #{} {}\n",
                 cmd.action == "remove"  ? "removed"
                 : cmd.action == "pause" ? "paused"
                                         : "resumed",
                 source->id, source->location);
    }
    return status;
  }
  if (cmd.action == "import") {
    if (cmd.args.size() != 1) {
      return Fail("sources import",
                  Status::InvalidArgument("give one OPML file"));
    }
    Result<std::string> opml = ReadFile(cmd.args[0], 16u << 20);
    if (!opml.ok()) return Fail("sources import " + cmd.args[0], opml.status());
    int skipped = 0;
    std::vector<std::string> errors;
    Result<int> added = sources.ImportOpml(*opml, now, &skipped, &errors);
    if (!added.ok())
      return Fail("sources import " + cmd.args[0], added.status());
    for (const std::string& error : errors) {
      fmt::print(stderr, "khabar: sources import: {}\n", error);
    }
    fmt::print("imported {} sources ({} already followed, {} refused)\n",
               *added, skipped, errors.size());
    return errors.empty() ? kExitOk : kExitUsage;
  }
  if (cmd.action == "export") {
    Result<std::string> opml = sources.ExportOpml();
    if (!opml.ok()) return Fail("sources export", opml.status());
    fmt::print("{}", *opml);
    return kExitOk;
  }
  if (polling) {
    service::PollerOptions options;
    options.fetch.allow_hosts = AllowedHosts(cmd.allow_hosts);
    options.host_delay = std::chrono::milliseconds(cmd.host_delay_ms);
    service::Poller poller(**lib, options);
    std::vector<service::PollResult> results;
    if (cmd.args.empty()) {
      Result<std::vector<service::PollResult>> polled = poller.PollDue(cmd.all);
      if (!polled.ok()) return Fail("sources poll", polled.status());
      results = std::move(polled).value();
    } else {
      for (const std::string& which : cmd.args) {
        Result<store::Source> source = sources.Find(which);
        if (!source.ok()) return Fail("sources poll " + which, source.status());
        Result<service::PollResult> polled = poller.PollOne(source->id);
        if (!polled.ok()) return Fail("sources poll " + which, polled.status());
        results.push_back(std::move(polled).value());
      }
    }
    int failed = 0;
    int64_t fresh = 0;
    nlohmann::json out = nlohmann::json::array();
    for (const service::PollResult& r : results) {
      if (!r.status.ok()) ++failed;
      fresh += r.new_articles;
      if (cmd.json) {
        out.push_back(PollJson(r));
        continue;
      }
      fmt::print("{}\n", service::DescribePoll(r));
      for (const std::string& error : r.item_errors) {
        fmt::print("    item failed: {}\n", error);
      }
    }
    if (cmd.json) {
      fmt::print("{}\n", out.dump(2));
    } else {
      fmt::print("polled {} sources: {} new articles, {} failed\n",
                 results.size(), fresh, failed);
    }
    return failed == 0 ? kExitOk : kExitFailure;
  }
  return Fail("sources",
              Status::InvalidArgument("unknown action " + cmd.action));
}

int RunOperator(const std::string& data_dir, const std::string& action,
                const std::string& email) {
  auto lib = Open(data_dir, false, "");
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  Result<store::User> user = (*lib)->readers().FindUserByEmail(email);
  if (!user.ok()) {
    return Fail("operator " + action,
                Status::NotFound("no account for " + email +
                                 " (sign up on the site first)"));
  }
  Status status = (*lib)->readers().SetOperator(user->id, action == "grant");
  if (!status.ok()) return Fail("operator " + action, status);
  fmt::print("{} {} operator rights\n", email,
             action == "grant" ? "now has" : "no longer has");
  return kExitOk;
}

}  // namespace khabar::cli
