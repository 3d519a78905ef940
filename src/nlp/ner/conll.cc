#include "nlp/ner/conll.h"

#include <array>
#include <cmath>
#include <utility>

#include "base/file.h"
#include "base/hash.h"
#include "text/normalizer.h"

namespace khabar::nlp {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kLrm = "\xE2\x80\x8E";  // U+200E

std::string StripLrm(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    if (s.substr(0, kLrm.size()) == kLrm) {
      s.remove_prefix(kLrm.size());
      continue;
    }
    out.push_back(s.front());
    s.remove_prefix(1);
  }
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// NewsFANE tags are "B-Politician"; O stays O.
Result<Tag> ParseNewsFaneTag(std::string_view tag) {
  if (tag == "O") return kTagO;
  if (tag.size() < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I')) {
    return Status::InvalidArgument("bad tag '" + std::string(tag) + "'");
  }
  const std::optional<EntityType> type = MapNewsFaneType(tag.substr(2));
  if (!type) return kTagO;
  return tag[0] == 'B' ? BeginTag(*type) : InsideTag(*type);
}

void FinishSentence(ConllSentence* current,
                    std::vector<ConllSentence>* sentences) {
  if (current->words.empty()) return;
  RepairBio(current->tags);
  sentences->push_back(std::move(*current));
  *current = ConllSentence();
}

std::string NormalizedConcat(const ConllSentence& sentence) {
  std::string out;
  for (const std::string& word : sentence.words) {
    text::Normalizer::Default().AppendNormalizedWord(word, &out);
  }
  return out;
}

}  // namespace

std::optional<EntityType> MapNewsFaneType(std::string_view fine_type) {
  struct Entry {
    std::string_view fine;
    EntityType coarse;
  };
  // ACE-style taxonomy of Alotaibi & Lee (2014): PER, ORG, GPE/LOC/FAC and
  // the rest. GPE and facilities are LOC, as ANERcorp annotates them;
  // vehicles ("Land", "Air", "Water"), weapons and works are MISC.
  static constexpr std::array<Entry, 44> kMap = {{
      {"Politician", EntityType::kPerson},
      {"Athlete", EntityType::kPerson},
      {"Artist", EntityType::kPerson},
      {"Other_PER", EntityType::kPerson},
      {"Religious_PER", EntityType::kPerson},
      {"Scientist", EntityType::kPerson},
      {"Businessperson", EntityType::kPerson},
      {"Lawyer", EntityType::kPerson},
      {"Engineer", EntityType::kPerson},
      {"Police", EntityType::kPerson},
      {"Government", EntityType::kOrganization},
      {"Non-Governmental", EntityType::kOrganization},
      {"Commercial", EntityType::kOrganization},
      {"Educational", EntityType::kOrganization},
      {"Media", EntityType::kOrganization},
      {"Religious_ORG", EntityType::kOrganization},
      {"Sports", EntityType::kOrganization},
      {"Entertainment", EntityType::kOrganization},
      {"Medical-Science", EntityType::kOrganization},
      {"Nation", EntityType::kLocation},
      {"Population-Center", EntityType::kLocation},
      {"State-or-Province", EntityType::kLocation},
      {"County-or-District", EntityType::kLocation},
      {"GPE-Cluster", EntityType::kLocation},
      {"Continent", EntityType::kLocation},
      {"Water-Body", EntityType::kLocation},
      {"Land-Region-Natural", EntityType::kLocation},
      {"Celestial", EntityType::kLocation},
      {"Building-Grounds", EntityType::kLocation},
      {"Airport", EntityType::kLocation},
      {"Path", EntityType::kLocation},
      {"Subarea-Facility", EntityType::kLocation},
      {"Book", EntityType::kMisc},
      {"Movie", EntityType::kMisc},
      {"Software", EntityType::kMisc},
      {"Hardware", EntityType::kMisc},
      {"Drug", EntityType::kMisc},
      {"Food", EntityType::kMisc},
      {"Plant", EntityType::kMisc},
      {"Projectile", EntityType::kMisc},
      {"Shooting", EntityType::kMisc},
      {"Land", EntityType::kMisc},
      {"Air", EntityType::kMisc},
      {"Water", EntityType::kMisc},
  }};
  for (const Entry& entry : kMap) {
    if (entry.fine == fine_type) return entry.coarse;
  }
  return std::nullopt;
}

Result<std::vector<ConllSentence>> ParseConll(std::string_view text,
                                              CorpusFormat format,
                                              std::string_view name) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  std::vector<ConllSentence> sentences;
  ConllSentence current;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    const auto error = [&](std::string_view what) {
      return Status::InvalidArgument(std::string(name) + ":" +
                                     std::to_string(line_no) + ": " +
                                     std::string(what));
    };
    std::string word;
    Tag tag = kTagO;
    if (format == CorpusFormat::kAnercorp) {
      line = TrimSpaces(line);
      if (line.empty()) {
        FinishSentence(&current, &sentences);
        continue;
      }
      const std::size_t space = line.rfind(' ');
      if (space == std::string_view::npos || space == 0) {
        return error("expected 'TOKEN TAG'");
      }
      const std::optional<Tag> parsed = ParseTag(line.substr(space + 1));
      if (!parsed) return error("unknown tag");
      word = std::string(TrimSpaces(line.substr(0, space)));
      tag = *parsed;
    } else {
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::string clean = StripLrm(line);
      const std::size_t tab = clean.find('\t');
      if (tab == std::string::npos) {
        if (TrimSpaces(clean).empty()) continue;
        return error("expected 'TOKEN<TAB>TAG'");
      }
      word = std::string(TrimSpaces(std::string_view(clean).substr(0, tab)));
      const std::string_view tag_text =
          TrimSpaces(std::string_view(clean).substr(tab + 1));
      if (word.empty() && tag_text.empty()) {
        FinishSentence(&current, &sentences);
        continue;
      }
      Result<Tag> parsed = ParseNewsFaneTag(tag_text);
      if (!parsed.ok()) return error(parsed.status().message());
      if (word.empty()) continue;  // a token that was only an LRM
      tag = *parsed;
    }
    current.words.push_back(std::move(word));
    current.tags.push_back(tag);
  }
  FinishSentence(&current, &sentences);
  return sentences;
}

Result<std::vector<ConllSentence>> ReadConll(const std::string& path,
                                             CorpusFormat format) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseConll(*text, format, path);
}

std::size_t DevSplitBegin(std::size_t num_sentences, double dev_fraction) {
  if (!(dev_fraction > 0.0)) return num_sentences;
  if (dev_fraction >= 1.0) return 0;
  const auto dev = static_cast<std::size_t>(
      std::llround(static_cast<double>(num_sentences) * dev_fraction));
  return num_sentences - std::min(dev, num_sentences);
}

TextOverlapIndex::TextOverlapIndex(const std::vector<ConllSentence>& sentences) {
  std::string all;
  for (const ConllSentence& sentence : sentences) {
    all += NormalizedConcat(sentence);
  }
  if (all.size() < kChunkBytes) return;
  windows_.reserve(all.size());
  for (std::size_t i = 0; i + kChunkBytes <= all.size(); ++i) {
    windows_.insert(StableHash64(std::string_view(all).substr(i, kChunkBytes)));
  }
}

bool TextOverlapIndex::Overlaps(const ConllSentence& sentence) const {
  const std::string text = NormalizedConcat(sentence);
  for (std::size_t i = 0; i + kChunkBytes <= text.size(); i += kChunkBytes) {
    if (windows_.contains(
            StableHash64(std::string_view(text).substr(i, kChunkBytes)))) {
      return true;
    }
  }
  return false;
}

}  // namespace khabar::nlp
