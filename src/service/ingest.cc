#include "service/ingest.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <system_error>
#include <vector>

#include "base/file.h"
#include "base/hash.h"
#include "base/time.h"
#include "extract/charset.h"
#include "extract/html_article.h"
#include "extract/jsonl.h"
#include "extract/plain_text.h"
#include "text/normalizer.h"

namespace khabar::service {
namespace fs = std::filesystem;

namespace {

// A title for an article whose source gave none: the first sentence of the
// first paragraph, cut at a word boundary. Readers need something to click.
std::string DeriveTitle(const std::vector<std::string>& paragraphs) {
  constexpr std::size_t kMaxTitleBytes = 160;
  if (paragraphs.empty()) return "";
  std::string_view p = paragraphs.front();
  std::size_t end = p.size();
  for (std::string_view stop : {".", "؟", "!", "?", "\n"}) {
    std::size_t at = p.find(stop);
    if (at != std::string_view::npos && at > 0) end = std::min(end, at);
  }
  if (end > kMaxTitleBytes) {
    std::size_t space = p.rfind(' ', kMaxTitleBytes);
    end = space == std::string_view::npos || space == 0 ? kMaxTitleBytes : space;
    // Never cut inside a UTF-8 sequence.
    while (end > 0 && (static_cast<unsigned char>(p[end]) & 0xC0) == 0x80) --end;
    return std::string(p.substr(0, end)) + "…";
  }
  return std::string(p.substr(0, end));
}

bool HasExtension(const fs::path& p, std::string_view ext) {
  return p.extension() == ext;
}

bool IsHtml(const fs::path& p) {
  return HasExtension(p, ".html") || HasExtension(p, ".htm");
}

// A saved web page: decoded from its declared (or sniffed) charset, then
// the article extracted from it.
Result<extract::RawArticle> HtmlToRaw(const std::string& bytes) {
  KHABAR_ASSIGN_OR_RETURN(extract::Decoded page,
                          extract::DecodeToUtf8(bytes, ""));
  KHABAR_ASSIGN_OR_RETURN(extract::HtmlArticle article,
                          extract::ExtractHtmlArticle(page.text, ""));
  return extract::ToRawArticle(article);
}

}  // namespace

Ingestor::Ingestor(store::ArticleStore& store, IngestOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.understanding != nullptr) {
    clusterer_ = std::make_unique<nlp::StoryClusterer>();
    RestoreRecentStories();
  }
}

// Articles stored by earlier runs are candidates too, so that tomorrow's
// ingest joins today's stories; the most recent ones suffice, since a story
// only takes articles within the clusterer's time window.
void Ingestor::RestoreRecentStories() {
  constexpr int kRecentArticles = store::kMaxSearchLimit;
  Result<std::vector<store::Article>> recent = store_.Latest(kRecentArticles);
  if (!recent.ok()) return;  // an empty or unreadable store: nothing to join
  for (auto it = recent->rbegin(); it != recent->rend(); ++it) {
    if (it->story_id == 0) continue;
    const std::string body = store::ArticleBody(*it);
    const std::string id = "stored:" + std::to_string(it->id);
    clusterer_->Restore(
        nlp::SummarizeArticle(id, it->published_at.value_or(it->ingested_at),
                              it->source, it->title, body),
        static_cast<uint64_t>(it->story_id));
    story_of_cluster_[static_cast<uint64_t>(it->story_id)] = it->story_id;
    article_of_summary_[id] = it->id;
  }
}

Ingestor::~Ingestor() = default;

std::optional<Ingestor::Clustered> Ingestor::Cluster(const store::Article& article) {
  if (!clusterer_) return std::nullopt;
  const std::string body = store::ArticleBody(article);
  nlp::ArticleSummary summary = nlp::SummarizeArticle(
      std::to_string(++summaries_), article.published_at.value_or(article.ingested_at),
      article.source, article.title, body);
  for (const store::EntityRef& e : article.analysis.entities) {
    summary.entity_keys.push_back(e.type + ":" + e.key);
  }
  // A long run (the poller's, an archive) keeps only what a story can
  // still join: the clusterer's cost and memory follow its window.
  newest_ = std::max(newest_, summary.published_at);
  if (++since_forget_ >= kForgetEvery) {
    since_forget_ = 0;
    clusterer_->ForgetBefore(newest_ - kKeepSeconds);
  }
  Clustered c;
  c.summary_id = summary.id;
  c.assignment = clusterer_->AddArticle(summary);
  return c;
}

Result<store::PutResult> Ingestor::PutClustered(
    store::Article& article, const std::optional<Clustered>& clustered) {
  if (!clustered) return store_.Put(article);
  const nlp::StoryAssignment& assignment = clustered->assignment;
  if (assignment.duplicate != nlp::DuplicateKind::kNone) {
    // A copy of an article already stored: link to it, store nothing.
    auto original = article_of_summary_.find(assignment.duplicate_of);
    if (original != article_of_summary_.end()) {
      Result<store::Article> stored = store_.Get(original->second);
      if (stored.ok()) return store::PutResult{stored->id, false, stored->story_id};
    }
  }
  if (!assignment.new_story) {
    auto story = story_of_cluster_.find(assignment.story_id);
    if (story != story_of_cluster_.end()) article.story_id = story->second;
  }
  Result<store::PutResult> put = store_.Put(article);
  if (put.ok()) {
    story_of_cluster_.emplace(assignment.story_id, put->story_id);
    article_of_summary_.emplace(clustered->summary_id, put->id);
  }
  return put;
}

store::Article ToStoredArticle(const extract::RawArticle& raw) {
  store::Article a;
  a.url = raw.url;
  a.source = raw.source;
  a.title = raw.title.empty() ? DeriveTitle(raw.paragraphs) : raw.title;
  a.paragraphs = raw.paragraphs;
  a.published_at = raw.published_at;
  a.author = raw.author;
  a.lang = raw.lang;
  a.abstract = raw.abstract;
  a.label = raw.label;

  // The fingerprint is over the search-normalized text, so the same article
  // scraped twice (CRLF vs LF, with or without harakat, different hamza
  // spelling, a different source name) is recognised as the same article.
  std::string canonical = text::NormalizeToString(raw.title);
  for (const std::string& p : raw.paragraphs) {
    canonical += '\n';
    canonical += text::NormalizeToString(p);
  }
  a.content_hash = HashToHex(StableHash64(canonical)) +
                   HashToHex(StableHash64(canonical, /*seed=*/0x6b686162));
  return a;
}

store::Article Ingestor::Prepare(const extract::RawArticle& raw) const {
  store::Article article = ToStoredArticle(raw);
  article.ingested_at = NowUnixSeconds();
  if (!options_.index_title) article.title.clear();
  if (options_.understanding != nullptr) {
    article.analysis = options_.understanding->Analyze(article);
  }
  return article;
}

Status Ingestor::Add(const extract::RawArticle& raw, const std::string& where,
                     IngestReport* report) {
  KHABAR_RETURN_IF_ERROR(WriteQueued());  // input order is kept
  store::Article article = Prepare(raw);
  std::optional<Clustered> clustered = Cluster(article);
  KHABAR_RETURN_IF_ERROR(Write(std::move(article), clustered, where, report));
  if (batch_count_ >= options_.batch_size) return Flush();
  return Status::Ok();
}

Status Ingestor::Queue(const extract::RawArticle& raw, const std::string& where,
                       IngestReport* report) {
  if (!queued_.empty() && queued_report_ != report) {
    KHABAR_RETURN_IF_ERROR(Flush());
  }
  queued_report_ = report;
  // Analysis and clustering happen here, outside any transaction.
  store::Article article = Prepare(raw);
  std::optional<Clustered> clustered = Cluster(article);
  queued_.push_back({std::move(article), std::move(clustered), where});
  if (static_cast<int>(queued_.size()) >= options_.batch_size) return Flush();
  return Status::Ok();
}

Status Ingestor::Write(store::Article article,
                       const std::optional<Clustered>& clustered,
                       const std::string& where, IngestReport* report) {
  if (!in_batch_) {
    KHABAR_RETURN_IF_ERROR(store_.Begin());
    in_batch_ = true;
    batch_count_ = 0;
    batch_ = IngestCommit{};
  }
  Result<store::PutResult> put = PutClustered(article, clustered);
  if (!put.ok()) {
    // The store undid this article's writes; the batch goes on unless the
    // store itself is broken.
    if (!put.status().IsCallerError()) return put.status().WithContext(where);
    ++report->failed;
    report->failures.push_back({where, put.status()});
    batch_.last_where = where;
    return Status::Ok();
  }
  report->ids.push_back(put->id);
  if (put->inserted) {
    ++report->ingested;
  } else {
    ++report->duplicates;
  }
  ++batch_.articles;
  if (put->inserted) ++batch_.inserted;
  batch_.last_where = where;
  if (batch_.first_id == 0 || put->id < batch_.first_id) batch_.first_id = put->id;
  batch_.last_id = std::max(batch_.last_id, put->id);
  ++batch_count_;
  return Status::Ok();
}

Status Ingestor::WriteQueued() {
  std::vector<Queued> queued = std::move(queued_);
  queued_.clear();
  for (Queued& q : queued) {
    Status s = Write(std::move(q.article), q.clustered, q.where, queued_report_);
    if (!s.ok()) {
      Abandon();
      return s;
    }
  }
  return Status::Ok();
}

Status Ingestor::Flush() {
  KHABAR_RETURN_IF_ERROR(WriteQueued());
  if (!in_batch_) return Status::Ok();
  in_batch_ = false;
  Status s = store_.Commit();
  if (!s.ok()) {
    store_.Rollback();
    std::string context = "commit of the batch through ";
    context += batch_.last_where;
    return s.WithContext(context);
  }
  if (options_.on_commit) options_.on_commit(batch_);
  return Status::Ok();
}

void Ingestor::Abandon() {
  queued_.clear();
  if (in_batch_) {
    store_.Rollback();
    in_batch_ = false;
  }
}

void Ingestor::Advance(uint64_t bytes) {
  bytes_done_ += bytes;
  if (options_.progress) options_.progress(bytes_done_, bytes_total_);
}

Status Ingestor::IngestScrape(const std::string& path, IngestReport* report) {
  Result<std::string> data = ReadFile(path, kMaxScrapeBytes);
  if (!data.ok()) {
    ++report->failed;
    report->failures.push_back({path, data.status()});
    return Status::Ok();
  }
  Advance(data->size());
  Result<extract::RawArticle> raw =
      IsHtml(path) ? HtmlToRaw(*data) : extract::ExtractPlainText(*data);
  if (!raw.ok()) {
    ++report->failed;
    report->failures.push_back({path, raw.status()});
    return Status::Ok();
  }
  return Queue(*raw, path, report);
}

namespace {

// Lines of a file, each without its '\n', keeping at most `cap` + 1 bytes of
// a line and counting all of them: the file is read in 64 KiB blocks and
// searched with memchr, so a 1 GB line costs one fast pass and no memory.
class BoundedLineReader {
 public:
  BoundedLineReader(std::istream& in, std::size_t cap)
      : in_(in), cap_(cap), block_(64 * 1024) {}

  // False at the end of the input.
  bool Next(std::string* line, std::size_t* length) {
    line->clear();
    *length = 0;
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !Fill()) return any;
      any = true;
      const char* start = block_.data() + pos_;
      const auto* newline =
          static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      const std::size_t n =
          newline != nullptr ? static_cast<std::size_t>(newline - start) : end_ - pos_;
      *length += n;
      if (line->size() <= cap_) line->append(start, std::min(n, cap_ + 1 - line->size()));
      pos_ += n;
      if (newline != nullptr) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  bool Fill() {
    in_.read(block_.data(), static_cast<std::streamsize>(block_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    return end_ > 0;
  }

  std::istream& in_;
  const std::size_t cap_;
  std::vector<char> block_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

}  // namespace

Status Ingestor::IngestJsonl(const std::string& path, IngestReport* report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ++report->failed;
    report->failures.push_back({path, Status::IOError("cannot open file")});
    return Status::Ok();
  }
  std::string line;
  std::size_t length = 0;
  int line_no = 0;
  BoundedLineReader lines(in, kMaxJsonlLineBytes);
  while (lines.Next(&line, &length)) {
    ++line_no;
    Advance(length + 1);
    std::string where = path;
    where += ':';
    where += std::to_string(line_no);
    if (length > kMaxJsonlLineBytes) {
      std::string message = "line too long (";
      message += std::to_string(length);
      message += " bytes)";
      ++report->failed;
      report->failures.push_back({where, Status::InvalidArgument(message)});
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Result<extract::RawArticle> raw = extract::ParseJsonlRecord(line);
    if (!raw.ok()) {
      ++report->failed;
      report->failures.push_back({where, raw.status()});
      continue;
    }
    KHABAR_RETURN_IF_ERROR(Queue(*raw, where, report));
  }
  if (in.bad()) {
    ++report->failed;
    report->failures.push_back({path, Status::IOError("read failed")});
  }
  return Status::Ok();
}

Status Ingestor::IngestPaths(const std::vector<std::string>& paths,
                             IngestReport* report) {
  // Expand folders first so progress knows the total.
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(
               p, fs::directory_options::skip_permission_denied, ec),
           end;
           !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const fs::path& f = it->path();
        if (HasExtension(f, ".txt") || HasExtension(f, ".jsonl") ||
            IsHtml(f)) {
          found.push_back(f.string());
        }
      }
      if (ec) {
        ++report->failed;
        report->failures.push_back({p, Status::IOError(ec.message())});
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      ++report->failed;
      report->failures.push_back({p, Status::NotFound("no such file or folder")});
    }
  }
  bytes_total_ = 0;
  bytes_done_ = 0;
  for (const std::string& f : files) {
    std::error_code ec;
    uintmax_t size = fs::file_size(f, ec);
    if (!ec) bytes_total_ += size;
  }

  for (const std::string& f : files) {
    Status s = HasExtension(f, ".jsonl") ? IngestJsonl(f, report)
                                         : IngestScrape(f, report);
    if (!s.ok()) {
      Abandon();
      return s;
    }
  }
  return Flush();
}

}  // namespace khabar::service
