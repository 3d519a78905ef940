#include "extract/extract_eval.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "base/file.h"
#include "extract/html_article.h"

namespace khabar::extract {
namespace {

namespace fs = std::filesystem;

// Length of the separator (white space or punctuation) at s[i], or 0.
size_t SeparatorAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    const bool sep = c <= ' ' || (c >= '!' && c <= '/') ||
                     (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
                     (c >= '{' && c <= '~') || c == 0x7F;
    return sep ? 1 : 0;
  }
  static constexpr std::string_view kSeparators[] = {
      "\u00A0", "،",      "؛",      "؟",      "٪",      "«", "»",
      "“",      "”",      "‘",      "’",      "–",      "—", "…",
      "\u200E", "\u200F", "\u200C", "\u200B", "\u2009", "٫"};
  const std::string_view rest = s.substr(i);
  for (std::string_view sep : kSeparators) {
    if (rest.starts_with(sep)) return sep.size();
  }
  return 0;
}

std::string GroupOf(std::string_view name) {
  const size_t cut = name.find_first_of("-_");
  return std::string(name.substr(0, cut));
}

}  // namespace

double TokenOverlap::Precision() const {
  if (extracted == 0) return gold == 0 ? 1.0 : 0.0;
  return static_cast<double>(overlap) / static_cast<double>(extracted);
}

double TokenOverlap::Recall() const {
  if (gold == 0) return extracted == 0 ? 1.0 : 0.0;
  return static_cast<double>(overlap) / static_cast<double>(gold);
}

double TokenOverlap::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

TokenOverlap& TokenOverlap::operator+=(const TokenOverlap& other) {
  extracted += other.extracted;
  gold += other.gold;
  overlap += other.overlap;
  return *this;
}

std::vector<std::string> EvalTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string cur;
  for (size_t i = 0; i < text.size();) {
    const size_t sep = SeparatorAt(text, i);
    if (sep > 0) {
      if (!cur.empty()) tokens.push_back(std::move(cur));
      cur.clear();
      i += sep;
    } else {
      cur.push_back(text[i]);
      ++i;
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  return tokens;
}

TokenOverlap CompareParagraphs(const std::vector<std::string>& extracted,
                               const std::vector<std::string>& gold) {
  TokenOverlap out;
  std::unordered_map<std::string, int64_t> gold_counts;
  for (const std::string& p : gold) {
    for (std::string& t : EvalTokens(p)) {
      ++gold_counts[std::move(t)];
      ++out.gold;
    }
  }
  for (const std::string& p : extracted) {
    for (std::string& t : EvalTokens(p)) {
      ++out.extracted;
      auto it = gold_counts.find(t);
      if (it != gold_counts.end() && it->second > 0) {
        --it->second;
        ++out.overlap;
      }
    }
  }
  return out;
}

std::vector<std::string> GoldParagraphs(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() &&
           (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    // A BOM at the start of the file is not text.
    if (start == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.empty()) {
      flush();
    } else {
      if (!cur.empty()) cur.push_back(' ');
      cur.append(line);
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  flush();
  return out;
}

Result<ExtractEvalReport> EvaluateExtractDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("not a folder: " + dir);
  }
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  }
  if (ec) return Status::IOError("cannot list " + dir + ": " + ec.message());
  std::sort(pages.begin(), pages.end());

  ExtractEvalReport report;
  std::map<std::string, ExtractEvalGroup> groups;
  for (const fs::path& html_path : pages) {
    const std::string name = html_path.stem().string();
    fs::path gold_path = html_path.parent_path() / (name + ".gold.txt");
    if (!fs::exists(gold_path, ec)) {
      gold_path = html_path.parent_path() / (name + ".expected.txt");
      if (!fs::exists(gold_path, ec)) continue;
    }
    KHABAR_ASSIGN_OR_RETURN(std::string html, ReadFile(html_path.string()));
    KHABAR_ASSIGN_OR_RETURN(std::string gold_text,
                            ReadFile(gold_path.string()));
    ExtractEvalPage page;
    page.name = name;
    page.group = GroupOf(name);
    const std::vector<std::string> gold = GoldParagraphs(gold_text);
    Result<HtmlArticle> article = ExtractHtmlArticle(html, "");
    if (article.ok()) {
      page.score = CompareParagraphs(article->paragraphs, gold);
    } else {
      page.error = article.status().ToString();
      page.score = CompareParagraphs({}, gold);
    }
    ExtractEvalGroup& g = groups[page.group];
    g.group = page.group;
    ++g.pages;
    g.score += page.score;
    report.overall += page.score;
    report.pages.push_back(std::move(page));
  }
  if (report.pages.empty()) {
    return Status::InvalidArgument("no NAME.html with a NAME.gold.txt in " +
                                   dir);
  }
  for (auto& [name, g] : groups) report.groups.push_back(std::move(g));
  return report;
}

}  // namespace khabar::extract
