#include "service/sources.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include "extract/feed.h"
#include "extract/url.h"

namespace khabar::service {
namespace {

constexpr int64_t kDay = 24 * 3600;

bool IsUrl(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://") ||
         text.find("://") != std::string_view::npos;
}

}  // namespace

Result<store::Source> Sources::Add(std::string_view url_or_path,
                                   UnixSeconds now) {
  store::Source source;
  if (IsUrl(url_or_path)) {
    if (extract::UrlHost(url_or_path).empty()) {
      return Status::InvalidArgument("not an http(s) URL with a host: " +
                                     std::string(url_or_path));
    }
    source.location = std::string(url_or_path);
  } else {
    std::error_code ec;
    std::filesystem::path path(url_or_path);
    if (!std::filesystem::is_directory(path, ec)) {
      return Status::InvalidArgument(
          std::string(url_or_path) +
          " is neither an http(s) URL nor a folder (to ingest one file, use "
          "khabar ingest)");
    }
    source.kind = "folder";
    source.location = std::filesystem::absolute(path, ec).lexically_normal();
    if (source.location.size() > 1 && source.location.ends_with('/')) {
      source.location.pop_back();
    }
  }
  source.added_at = now;
  source.next_fetch = now;
  // A local folder costs a directory listing: watched every minute.
  source.interval_s = source.kind == "folder"
                          ? std::min<int64_t>(interval_s_, 60)
                          : interval_s_;
  KHABAR_ASSIGN_OR_RETURN(source.id, store_.AddSource(source));
  return source;
}

Result<std::vector<SourceView>> Sources::List(UnixSeconds now) {
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Source> sources,
                          store_.ListSources());
  std::vector<SourceView> views;
  views.reserve(sources.size());
  for (store::Source& source : sources) {
    // Per day over the last week, or since the source was added when that
    // is more recent (a source added an hour ago is not at 1/7 speed).
    const UnixSeconds since = now - 7 * kDay;
    KHABAR_ASSIGN_OR_RETURN(int64_t recent,
                            store_.SourceArticlesSince(source.id, since));
    const double days = std::max<double>(
        1.0,
        static_cast<double>(now - std::max(since, source.added_at)) / kDay);
    views.push_back({std::move(source), static_cast<double>(recent) / days});
  }
  return views;
}

Result<store::Source> Sources::Find(std::string_view id_or_location) {
  store::SourceId id = 0;
  auto [end, ec] = std::from_chars(
      id_or_location.data(), id_or_location.data() + id_or_location.size(), id);
  if (ec == std::errc() &&
      end == id_or_location.data() + id_or_location.size()) {
    return store_.GetSource(id);
  }
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Source> sources,
                          store_.ListSources());
  for (store::Source& source : sources) {
    if (source.location == id_or_location) return std::move(source);
  }
  return Status::NotFound("no source " + std::string(id_or_location));
}

Status Sources::Remove(store::SourceId id) { return store_.RemoveSource(id); }

Status Sources::Pause(store::SourceId id) {
  KHABAR_ASSIGN_OR_RETURN(store::Source source, store_.GetSource(id));
  source.state = "paused";
  return store_.UpdateSource(source);
}

Status Sources::Resume(store::SourceId id, UnixSeconds now) {
  KHABAR_ASSIGN_OR_RETURN(store::Source source, store_.GetSource(id));
  source.state = "active";
  source.failures = 0;
  source.next_fetch = now;
  return store_.UpdateSource(source);
}

Status Sources::PollSoon(store::SourceId id, UnixSeconds now) {
  KHABAR_ASSIGN_OR_RETURN(store::Source source, store_.GetSource(id));
  if (source.state != "active") {
    return Status::InvalidArgument("source " + std::to_string(id) + " is " +
                                   source.state + ": resume it first");
  }
  source.next_fetch = now;
  return store_.UpdateSource(source);
}

Result<int> Sources::ImportOpml(std::string_view opml, UnixSeconds now,
                                int* skipped,
                                std::vector<std::string>* errors) {
  KHABAR_ASSIGN_OR_RETURN(std::vector<extract::OpmlOutline> outlines,
                          extract::ParseOpml(opml));
  int added = 0;
  for (const extract::OpmlOutline& outline : outlines) {
    Result<store::Source> source = Add(outline.xml_url, now);
    if (source.ok()) {
      ++added;
      if (!outline.title.empty()) {
        source->title = outline.title;
        KHABAR_RETURN_IF_ERROR(store_.UpdateSource(*source));
      }
    } else if (source.status().code() == StatusCode::kAlreadyExists) {
      if (skipped != nullptr) ++*skipped;
    } else if (errors != nullptr) {
      errors->push_back(outline.xml_url + ": " + source.status().message());
    }
  }
  return added;
}

Result<std::string> Sources::ExportOpml() {
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Source> sources,
                          store_.ListSources());
  std::vector<extract::OpmlOutline> outlines;
  for (const store::Source& source : sources) {
    if (source.kind == "folder") continue;
    extract::OpmlOutline outline;
    outline.title = source.title.empty() ? source.location : source.title;
    if (source.kind == "site" && !source.feed_url.empty()) {
      outline.xml_url = source.feed_url;
      outline.html_url = source.location;
    } else {
      outline.xml_url = source.location;
    }
    outlines.push_back(std::move(outline));
  }
  return extract::WriteOpml("خبر: المصادر", outlines);
}

}  // namespace khabar::service
