#include "nlp/dates/date_eval.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "base/file.h"
#include "nlp/dates/dates.h"

namespace khabar::nlp {

namespace {

// The value of attribute `name` in the inside of a start tag, or "".
std::string Attribute(std::string_view tag, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    const bool starts = pos == 0 || tag[pos - 1] == ' ' || tag[pos - 1] == '\t' ||
                        tag[pos - 1] == '\n';
    std::size_t eq = pos + name.size();
    while (eq < tag.size() && tag[eq] == ' ') ++eq;
    if (starts && eq < tag.size() && tag[eq] == '=') {
      std::size_t q = eq + 1;
      while (q < tag.size() && tag[q] == ' ') ++q;
      if (q < tag.size() && (tag[q] == '"' || tag[q] == '\'')) {
        const std::size_t close = tag.find(tag[q], q + 1);
        if (close == std::string_view::npos) return std::string();
        return std::string(tag.substr(q + 1, close - q - 1));
      }
    }
    pos += name.size();
  }
  return std::string();
}

// Appends `raw` with the predefined XML entities decoded.
void AppendDecoded(std::string_view raw, std::string* out) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
      {"&apos;", '\''}};
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] == '&') {
      bool decoded = false;
      for (const auto& [entity, c] : kEntities) {
        if (raw.substr(i, entity.size()) == entity) {
          out->push_back(c);
          i += entity.size();
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out->push_back(raw[i++]);
  }
}

std::string_view TagName(std::string_view tag) {
  std::size_t end = 0;
  while (end < tag.size() && tag[end] != ' ' && tag[end] != '\t' &&
         tag[end] != '\n' && tag[end] != '/' && tag[end] != '>') {
    ++end;
  }
  return tag.substr(0, end);
}

// "2015-12-24" or "2015-12-24T10:00:00" -> that day's midnight UTC.
std::optional<UnixSeconds> ParseDayValue(std::string_view v) {
  if (v.size() < 10 || v[4] != '-' || v[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t sizes[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t k = 0; k < sizes[f]; ++k) {
      const char c = v[starts[f] + k];
      if (c < '0' || c > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  return MakeUtc(fields[0], fields[1], fields[2]);
}

double Ratio(int a, int b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }

void Finish(PrecisionRecall* pr, int found, int gold) {
  pr->precision = Ratio(pr->true_positive_mentions, found);
  pr->recall = Ratio(pr->true_positive_gold, gold);
  const double sum = pr->precision + pr->recall;
  pr->f1 = sum == 0 ? 0.0 : 2 * pr->precision * pr->recall / sum;
}

bool Overlaps(uint32_t b1, uint32_t e1, uint32_t b2, uint32_t e2) {
  return b1 < e2 && b2 < e1;
}

void Score(const std::string& file, const TimeMlDocument& doc,
           const std::vector<DateMention>& found, DateEvalResult* r) {
  r->gold += static_cast<int>(doc.timexes.size());
  r->found += static_cast<int>(found.size());
  for (const DateMention& m : found) {
    bool exact = false;
    bool hit = false;
    for (const TimeMlTimex& g : doc.timexes) {
      exact |= g.begin == m.begin && g.end == m.end;
      hit |= Overlaps(g.begin, g.end, m.begin, m.end);
    }
    r->strict.true_positive_mentions += exact ? 1 : 0;
    r->relaxed.true_positive_mentions += hit ? 1 : 0;
    if (!hit) {
      r->diffs.push_back({DateEvalDiff::What::kSpurious, file, "", "", "",
                          m.text, m.value});
    }
  }
  for (const TimeMlTimex& g : doc.timexes) {
    ++r->gold_by_type[g.type];
    const DateMention* best = nullptr;
    uint32_t best_overlap = 0;
    bool exact = false;
    for (const DateMention& m : found) {
      exact |= g.begin == m.begin && g.end == m.end;
      if (!Overlaps(g.begin, g.end, m.begin, m.end)) continue;
      const uint32_t overlap =
          std::min(g.end, m.end) - std::max(g.begin, m.begin);
      if (overlap > best_overlap) {
        best_overlap = overlap;
        best = &m;
      }
    }
    const std::string gold_text = doc.text.substr(g.begin, g.end - g.begin);
    r->strict.true_positive_gold += exact ? 1 : 0;
    if (best == nullptr) {
      r->diffs.push_back({DateEvalDiff::What::kMissed, file, gold_text, g.type,
                          g.value, "", ""});
      continue;
    }
    ++r->relaxed.true_positive_gold;
    ++r->found_by_type[g.type];
    if (g.type != "DATE" || g.value.empty()) continue;
    ++r->value_gold;
    if (best->value == g.value) {
      ++r->value_correct;
    } else {
      r->diffs.push_back({DateEvalDiff::What::kWrongValue, file, gold_text,
                          g.type, g.value, best->text, best->value});
    }
  }
}

}  // namespace

Result<TimeMlDocument> ParseTimeMl(std::string_view xml) {
  std::size_t pos = 0;
  std::size_t stop = xml.size();
  if (const std::size_t root = xml.find("<TimeML"); root != std::string_view::npos) {
    const std::size_t open_end = xml.find('>', root);
    if (open_end == std::string_view::npos) {
      return Status::Corruption("unterminated <TimeML> tag");
    }
    pos = open_end + 1;
    if (const std::size_t close = xml.find("</TimeML>", pos);
        close != std::string_view::npos) {
      stop = close;
    }
  }
  TimeMlDocument doc;
  std::optional<TimeMlTimex> open;
  bool in_dct = false;
  while (pos < stop) {
    const std::size_t lt = xml.find('<', pos);
    const std::size_t text_end = std::min(lt, stop);
    if (!in_dct) AppendDecoded(xml.substr(pos, text_end - pos), &doc.text);
    if (lt >= stop) break;
    const std::size_t gt = xml.find('>', lt);
    if (gt == std::string_view::npos || gt > stop) {
      return Status::Corruption("unterminated tag at byte " +
                                std::to_string(lt));
    }
    const std::string_view tag = xml.substr(lt + 1, gt - lt - 1);
    pos = gt + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    const bool closing = tag[0] == '/';
    const std::string_view name = TagName(closing ? tag.substr(1) : tag);
    if (name == "DCT") {
      in_dct = !closing && tag.back() != '/';
      continue;
    }
    if (name != "TIMEX3") continue;
    if (in_dct) {
      if (!closing) {
        doc.creation_time = ParseDayValue(Attribute(tag, "value"));
      }
      continue;
    }
    if (closing) {
      if (!open) {
        return Status::Corruption("</TIMEX3> without <TIMEX3> at byte " +
                                  std::to_string(lt));
      }
      open->end = static_cast<uint32_t>(doc.text.size());
      doc.timexes.push_back(std::move(*open));
      open.reset();
      continue;
    }
    if (open) {
      return Status::Corruption("nested <TIMEX3> at byte " + std::to_string(lt));
    }
    TimeMlTimex t;
    t.begin = static_cast<uint32_t>(doc.text.size());
    t.type = Attribute(tag, "type");
    t.value = Attribute(tag, "value");
    if (tag.back() == '/') continue;  // an empty (non-textual) TIMEX3
    open = std::move(t);
  }
  if (open) return Status::Corruption("<TIMEX3> not closed");
  return doc;
}

Result<DateEvalResult> EvaluateDates(const std::string& dir) {
  return EvaluateDates(dir, DateEvalOptions());
}

Result<DateEvalResult> EvaluateDates(const std::string& dir,
                                     const DateEvalOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".tml") files.push_back(it->path().string());
  }
  if (ec) return Status::NotFound("cannot list " + dir + ": " + ec.message());
  if (files.empty()) return Status::NotFound("no .tml files in " + dir);
  std::sort(files.begin(), files.end());

  DateEvalResult r;
  for (const std::string& path : files) {
    Result<std::string> xml = ReadFile(path);
    if (!xml.ok()) return xml.status();
    Result<TimeMlDocument> doc = ParseTimeMl(*xml);
    if (!doc.ok()) return doc.status().WithContext(path);
    const std::optional<UnixSeconds> published =
        doc->creation_time ? doc->creation_time : options.reference_date;
    const std::vector<DateMention> found = FindDates(doc->text, published);
    Score(fs::path(path).filename().string(), *doc, found, &r);
    ++r.documents;
  }
  Finish(&r.strict, r.found, r.gold);
  Finish(&r.relaxed, r.found, r.gold);
  r.value_accuracy = Ratio(r.value_correct, r.value_gold);
  return r;
}

}  // namespace khabar::nlp
