#include "nlp/ner/ner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <utility>

#include "base/file.h"
#include "base/hash.h"
#include "nlp/ner/features.h"
#include "nlp/ner/viterbi.h"
#include "text/sentence.h"
#include "text/tokenizer.h"

namespace khabar::nlp {
namespace {

constexpr std::string_view kMagic = "KHABNER1";
constexpr uint32_t kFormatVersion = 2;
constexpr int kMinHashBits = 8;
constexpr int kMaxHashBits = 24;

template <typename T>
void Put(std::string* out, T value) {
  // Little-endian regardless of the host.
  using U = std::make_unsigned_t<T>;
  const auto u = static_cast<U>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out->push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
  }
}

// Bounds-checked little-endian reader over the model bytes.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Get(T* value) {
    using U = std::make_unsigned_t<T>;
    if (bytes_.size() - pos_ < sizeof(T)) return false;
    U u = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      u |= static_cast<U>(static_cast<unsigned char>(bytes_[pos_ + i]))
           << (8 * i);
    }
    pos_ += sizeof(T);
    *value = static_cast<T>(u);
    return true;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// The scratch space of one TagWords call.
struct TagScratch {
  SentenceFeatures features;
  std::vector<uint32_t> buckets;
  std::vector<int32_t> emissions;
  std::vector<int32_t> score;
  std::vector<Tag> back;
};

// A curated name (curated_gazetteer.inc lists only unambiguous names of
// countries, cities and organizations) that the model left entirely O is
// tagged with its curated type: the training corpus has too few mentions of
// most cities to learn them, and some of those it has are tagged O. A name
// of several words also wins over entities the model found strictly inside
// it (قوات سوريا الديمقراطية, not the LOC سوريا), but never cuts an entity
// that crosses its ends.
void ApplyCuratedNames(const std::vector<TokenInfo>& infos, std::span<Tag> tags) {
  const std::size_t n = infos.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (int t = 0; t < kNumEntityTypes; ++t) {
      if (!(infos[i].curated & (1u << (2 * t)))) continue;
      std::size_t end = i + 1;
      while (end < n && (infos[end].curated & (1u << (2 * t + 1)))) ++end;
      const bool all_o = std::all_of(tags.begin() + static_cast<std::ptrdiff_t>(i),
                                     tags.begin() + static_cast<std::ptrdiff_t>(end),
                                     [](Tag tag) { return tag == kTagO; });
      // The token after the name must not continue an entity it would cut.
      const bool next_free = end >= n || !IsInside(tags[end]);
      const bool contains =
          end - i >= 2 && !IsInside(tags[i]) &&
          static_cast<EntityType>(t) == EntityType::kOrganization;
      if (!(all_o || contains) || !next_free) continue;
      const auto type = static_cast<EntityType>(t);
      tags[i] = BeginTag(type);
      for (std::size_t k = i + 1; k < end; ++k) tags[k] = InsideTag(type);
      break;
    }
  }
}

void TagWithParams(const NerModelParams& params,
                   std::span<const std::string_view> words, TagScratch* s,
                   std::span<Tag> out) {
  FeatureExtractor(&params.gazetteer, &params.clusters)
      .Extract(words, &s->features);
  const std::size_t n = words.size();
  // Bucket ids first, so rows can be prefetched ahead of use: the weight
  // table is larger than the cache and the row loads dominate tagging time.
  s->buckets.resize(s->features.features.size());
  for (std::size_t k = 0; k < s->buckets.size(); ++k) {
    s->buckets[k] = FeatureBucket(s->features.features[k], params.hash_bits);
  }
  constexpr std::size_t kPrefetchDistance = 12;
  s->emissions.assign(n * kNumTags, 0);
  const int16_t* weights = params.weights.data();
  for (std::size_t i = 0; i < n; ++i) {
    std::array<int32_t, kNumTags> acc = {};
    for (uint32_t k = s->features.offsets[i]; k < s->features.offsets[i + 1];
         ++k) {
      if (k + kPrefetchDistance < s->buckets.size()) {
        __builtin_prefetch(
            weights + std::size_t{s->buckets[k + kPrefetchDistance]} * kNumTags);
      }
      const int16_t* row = weights + std::size_t{s->buckets[k]} * kNumTags;
      for (int t = 0; t < kNumTags; ++t) acc[t] += row[t];
    }
    std::copy(acc.begin(), acc.end(), s->emissions.begin() + static_cast<std::ptrdiff_t>(i * kNumTags));
  }
  ViterbiDecode<int32_t>(s->emissions, params.transitions, out, &s->score,
                         &s->back);
  ApplyCuratedNames(s->features.infos, out);
}

// One tagged sentence as the document passes see it.
struct TaggedSentence {
  std::vector<uint64_t> doc_cores;  // DocCore of each token
  // Tokens the consistency rule may turn into entities: DocCore != 0 and
  // not a word mostly outside entities in the training data.
  std::vector<uint8_t> eligible;
  std::vector<Tag> tags;
  // The first pass's emission scores and token analysis, which the second
  // pass extends with the document features instead of recomputing.
  std::vector<int32_t> emissions;
  std::vector<TokenInfo> infos;
};

void RecordSentence(const NerModelParams& params, const TagScratch& scratch,
                    std::span<const Tag> tags, TaggedSentence* out) {
  const std::vector<TokenInfo>& infos = scratch.features.infos;
  out->emissions = scratch.emissions;
  out->infos = infos;
  out->doc_cores.resize(infos.size());
  out->eligible.resize(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i) {
    out->doc_cores[i] = DocCore(infos[i]);
    out->eligible[i] = out->doc_cores[i] != 0 &&
                       params.common_words.Lookup(infos[i].core) == 0;
  }
  out->tags.assign(tags.begin(), tags.end());
}

// The consistency rule after the second pass: a word left O that the
// tagger put in an entity elsewhere in the document gets that type. It
// continues the entity before it when it was seen continuing one of that
// type, else it starts one of the type it most often started (a run of such
// words becomes one entity).
void ApplyDocumentVotes(const DocumentVotes& votes, const TaggedSentence& s,
                        std::span<Tag> out) {
  const std::size_t n = out.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (out[i] != kTagO || !s.eligible[i]) continue;
    if (i + 1 < n && IsInside(out[i + 1])) continue;
    const std::array<int32_t, 8>* v = votes.Counts(s.doc_cores[i]);
    if (v == nullptr) continue;
    const Tag prev = i > 0 ? out[i - 1] : kTagO;
    if (prev != kTagO && (*v)[2 * static_cast<int>(TagType(prev)) + 1] > 0) {
      out[i] = InsideTag(TagType(prev));
      continue;
    }
    int best = -1;
    for (int t = 0; t < kNumEntityTypes; ++t) {
      if ((*v)[2 * t] > 0 && (best < 0 || (*v)[2 * t] > (*v)[2 * best]))
        best = t;
    }
    if (best >= 0) out[i] = BeginTag(static_cast<EntityType>(best));
  }
}

// The second pass over one sentence: its first-pass emissions plus the
// weights of the document features (kDocVote of the token, kPrevDocVote /
// kNextDocVote of its neighbours) -- the same sums as extracting all
// features again with `bits`, without redoing the rest. Sentences where no
// token has votes keep their first-pass tags.
void RetagWithDocumentVotes(const NerModelParams& params,
                            const TaggedSentence& first,
                            std::span<const uint8_t> bits, TagScratch* s,
                            std::span<Tag> out) {
  std::copy(first.tags.begin(), first.tags.end(), out.begin());
  if (std::all_of(bits.begin(), bits.end(), [](uint8_t b) { return b == 0; })) {
    return;
  }
  const std::size_t n = out.size();
  s->emissions = first.emissions;
  const auto add_row = [&](Template tmpl, int bit, std::size_t token) {
    const uint32_t bucket =
        FeatureBucket({tmpl, static_cast<uint64_t>(bit)}, params.hash_bits);
    const int16_t* row = params.weights.data() + std::size_t{bucket} * kNumTags;
    int32_t* e = s->emissions.data() + token * kNumTags;
    for (int t = 0; t < kNumTags; ++t) e[t] += row[t];
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (int b = 0; b < 8; ++b) {
      if (!(bits[i] & (1u << b))) continue;
      add_row(Template::kDocVote, b, i);
      if (i + 1 < n) add_row(Template::kPrevDocVote, b, i + 1);
      if (i > 0) add_row(Template::kNextDocVote, b, i - 1);
    }
  }
  ViterbiDecode<int32_t>(s->emissions, params.transitions, out, &s->score,
                         &s->back);
  ApplyCuratedNames(first.infos, out);
}

// Keeps the spans of the types being scored.
std::vector<TagSpan> ScoredSpans(std::span<const Tag> tags, bool score_misc) {
  std::vector<TagSpan> spans = DecodeBio(tags);
  if (!score_misc) {
    std::erase_if(spans, [](const TagSpan& s) {
      return s.type == EntityType::kMisc;
    });
  }
  return spans;
}

}  // namespace

std::string SerializeNerModel(const NerModelParams& params) {
  std::string out(kMagic);
  Put<uint32_t>(&out, kFormatVersion);
  Put<uint32_t>(&out, static_cast<uint32_t>(params.hash_bits));
  Put<uint32_t>(&out, kNumTags);
  for (const int32_t t : params.transitions) Put<int32_t>(&out, t);
  // Sorted so that the same model always gives the same bytes.
  std::vector<std::pair<uint64_t, uint8_t>> gaz(
      params.gazetteer.entries().begin(), params.gazetteer.entries().end());
  std::sort(gaz.begin(), gaz.end());
  Put<uint32_t>(&out, static_cast<uint32_t>(gaz.size()));
  for (const auto& [key, flags] : gaz) {
    Put<uint64_t>(&out, key);
    Put<uint8_t>(&out, flags);
  }
  std::vector<std::pair<uint64_t, uint32_t>> clusters(
      params.clusters.entries().begin(), params.clusters.entries().end());
  std::sort(clusters.begin(), clusters.end());
  Put<uint32_t>(&out, static_cast<uint32_t>(clusters.size()));
  for (const auto& [key, id] : clusters) {
    Put<uint64_t>(&out, key);
    Put<uint32_t>(&out, id);
  }
  std::vector<uint64_t> common;
  for (const auto& [key, flags] : params.common_words.entries())
    common.push_back(key);
  std::sort(common.begin(), common.end());
  Put<uint32_t>(&out, static_cast<uint32_t>(common.size()));
  for (const uint64_t key : common) Put<uint64_t>(&out, key);
  const std::size_t rows = params.weights.size() / kNumTags;
  std::vector<uint32_t> nonzero;
  for (std::size_t r = 0; r < rows; ++r) {
    for (int t = 0; t < kNumTags; ++t) {
      if (params.weights[r * kNumTags + t] != 0) {
        nonzero.push_back(static_cast<uint32_t>(r));
        break;
      }
    }
  }
  Put<uint32_t>(&out, static_cast<uint32_t>(nonzero.size()));
  for (const uint32_t r : nonzero) {
    Put<uint32_t>(&out, r);
    for (int t = 0; t < kNumTags; ++t) {
      Put<int16_t>(&out, params.weights[std::size_t{r} * kNumTags + t]);
    }
  }
  Put<uint64_t>(&out,
                StableHash64(std::string_view(out).substr(kMagic.size())));
  return out;
}

Result<std::unique_ptr<NerModel>> NerModel::Parse(std::string_view bytes,
                                                  std::string_view name) {
  const auto corrupt = [&](std::string_view what) {
    return Status::Corruption("NER model " + std::string(name) + ": " +
                              std::string(what));
  };
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return corrupt("not a Khabar NER model (bad magic)");
  }
  if (bytes.size() < kMagic.size() + sizeof(uint64_t)) {
    return corrupt("truncated");
  }
  const std::string_view body = bytes.substr(
      kMagic.size(), bytes.size() - kMagic.size() - sizeof(uint64_t));
  uint64_t checksum = 0;
  Reader tail(bytes.substr(bytes.size() - sizeof(uint64_t)));
  (void)tail.Get(&checksum);
  if (StableHash64(body) != checksum) {
    return corrupt("checksum mismatch (truncated or damaged file)");
  }
  Reader in(body);
  uint32_t version = 0;
  uint32_t hash_bits = 0;
  uint32_t num_tags = 0;
  if (!in.Get(&version) || !in.Get(&hash_bits) || !in.Get(&num_tags)) {
    return corrupt("truncated header");
  }
  if (version != kFormatVersion && version != 1) {
    return corrupt("unsupported format version " + std::to_string(version));
  }
  if (hash_bits < kMinHashBits || hash_bits > kMaxHashBits ||
      num_tags != kNumTags) {
    return corrupt("bad table sizes");
  }
  NerModelParams params;
  params.hash_bits = static_cast<int>(hash_bits);
  for (int32_t& t : params.transitions) {
    if (!in.Get(&t)) return corrupt("truncated transitions");
  }
  uint32_t gaz_count = 0;
  if (!in.Get(&gaz_count) || in.remaining() / 9 < gaz_count) {
    return corrupt("truncated gazetteer");
  }
  std::unordered_map<uint64_t, uint8_t> gaz;
  gaz.reserve(gaz_count);
  for (uint32_t i = 0; i < gaz_count; ++i) {
    uint64_t key = 0;
    uint8_t flags = 0;
    (void)in.Get(&key);
    (void)in.Get(&flags);
    gaz.emplace(key, flags);
  }
  params.gazetteer = LearnedGazetteer(std::move(gaz));
  if (version >= 2) {
    uint32_t cluster_count = 0;
    if (!in.Get(&cluster_count) || in.remaining() / 12 < cluster_count) {
      return corrupt("truncated word clusters");
    }
    std::unordered_map<uint64_t, uint32_t> clusters;
    clusters.reserve(cluster_count);
    for (uint32_t i = 0; i < cluster_count; ++i) {
      uint64_t key = 0;
      uint32_t id = 0;
      (void)in.Get(&key);
      (void)in.Get(&id);
      clusters.emplace(key, id);
    }
    params.clusters = WordClusters(std::move(clusters));
    uint32_t common_count = 0;
    if (!in.Get(&common_count) || in.remaining() / 8 < common_count) {
      return corrupt("truncated common words");
    }
    std::unordered_map<uint64_t, uint8_t> common;
    common.reserve(common_count);
    for (uint32_t i = 0; i < common_count; ++i) {
      uint64_t key = 0;
      (void)in.Get(&key);
      common.emplace(key, 1);
    }
    params.common_words = LearnedGazetteer(std::move(common));
  }
  const std::size_t rows = std::size_t{1} << hash_bits;
  params.weights.assign(rows * kNumTags, 0);
  uint32_t row_count = 0;
  constexpr std::size_t kRowBytes = 4 + 2 * kNumTags;
  if (!in.Get(&row_count) || in.remaining() != row_count * kRowBytes) {
    return corrupt("bad weight table size");
  }
  for (uint32_t i = 0; i < row_count; ++i) {
    uint32_t r = 0;
    (void)in.Get(&r);
    if (r >= rows) return corrupt("weight row out of range");
    for (int t = 0; t < kNumTags; ++t) {
      (void)in.Get(&params.weights[std::size_t{r} * kNumTags + t]);
    }
  }
  return std::make_unique<NerModel>(std::move(params));
}

Result<std::unique_ptr<NerModel>> NerModel::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("NER model not found: " + path);
  }
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status().WithContext("NER model " + path);
  return Parse(*bytes, path);
}

NerModel::NerModel(NerModelParams params) : params_(std::move(params)) {}

std::vector<Tag> NerModel::TagWords(
    std::span<const std::string_view> words) const {
  std::vector<Tag> tags(words.size(), kTagO);
  TagScratch scratch;
  TagWithParams(params_, words, &scratch, tags);
  return tags;
}

std::vector<EntityMention> NerModel::Find(std::string_view text) const {
  return Find(text, text::SplitSentences(text));
}

std::vector<EntityMention> NerModel::Find(
    std::string_view text, std::span<const text::SentenceSpan> sentences) const {
  std::vector<EntityMention> mentions;
  TagScratch scratch;
  std::vector<text::Token> tokens;
  std::vector<std::pair<uint32_t, uint32_t>> units;
  std::vector<std::string_view> words;
  std::vector<Tag> tags;
  std::vector<TaggedSentence> tagged;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> sentence_units;
  std::vector<uint32_t> sentence_begins;
  for (const text::SentenceSpan& sentence : sentences) {
    const std::string_view sentence_text = sentence.Text(text);
    text::Tokenize(sentence_text, &tokens);
    if (tokens.empty()) continue;
    // ANERcorp keeps hyphenated words whole (جان-ايف, 1625-1649) while the
    // tokenizer splits them: glue word-hyphen-word runs without spaces back
    // into one unit so the tagger sees what it was trained on.
    units.clear();
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const text::Token& token = tokens[k];
      const bool glue =
          !units.empty() && k + 1 < tokens.size() &&
          token.kind == text::TokenKind::kPunct &&
          token.Text(sentence_text) == "-" && units.back().second == token.begin &&
          token.end == tokens[k + 1].begin &&
          tokens[k - 1].kind != text::TokenKind::kPunct &&
          tokens[k + 1].kind != text::TokenKind::kPunct;
      if (glue) {
        units.back().second = tokens[k + 1].end;
        ++k;
        continue;
      }
      units.emplace_back(token.begin, token.end);
    }
    words.clear();
    for (const auto& [begin, end] : units) {
      words.push_back(sentence_text.substr(begin, end - begin));
    }
    tags.assign(words.size(), kTagO);
    TagWithParams(params_, words, &scratch, tags);
    tagged.emplace_back();
    RecordSentence(params_, scratch, tags, &tagged.back());
    sentence_units.push_back(units);
    sentence_begins.push_back(sentence.begin);
  }
  // Second pass: each sentence sees what the first pass found in the rest
  // of the text; then the consistency rule over the second-pass tags.
  DocumentVotes votes;
  for (const TaggedSentence& s : tagged) votes.Add(s.doc_cores, s.tags);
  std::vector<std::vector<Tag>> second(tagged.size());
  for (std::size_t k = 0; k < tagged.size(); ++k) {
    votes.Add(tagged[k].doc_cores, tagged[k].tags, -1);
    const std::vector<uint8_t> bits = votes.Bits(tagged[k].doc_cores);
    votes.Add(tagged[k].doc_cores, tagged[k].tags, 1);
    second[k].assign(tagged[k].tags.size(), kTagO);
    RetagWithDocumentVotes(params_, tagged[k], bits, &scratch, second[k]);
  }
  DocumentVotes final_votes;
  for (std::size_t k = 0; k < tagged.size(); ++k) {
    tagged[k].tags = std::move(second[k]);
    final_votes.Add(tagged[k].doc_cores, tagged[k].tags);
  }
  for (std::size_t k = 0; k < tagged.size(); ++k) {
    tags = tagged[k].tags;
    ApplyDocumentVotes(final_votes, tagged[k], tags);
    const auto& su = sentence_units[k];
    for (const TagSpan& span : DecodeBio(tags)) {
      const uint32_t begin = sentence_begins[k] + su[span.begin].first;
      const uint32_t end = sentence_begins[k] + su[span.end - 1].second;
      mentions.push_back({span.type, begin, end,
                          std::string(text.substr(begin, end - begin))});
    }
  }
  return mentions;
}

NerEvalResult EvaluateNerOn(const NerModel& model,
                            std::span<const ConllSentence> sentences,
                            bool score_misc) {
  NerEvalResult result;
  std::vector<std::vector<Tag>> predicted(sentences.size());
  std::vector<std::vector<Tag>> second(sentences.size());
  std::vector<TaggedSentence> tagged(sentences.size());
  std::vector<std::string_view> words;
  TagScratch scratch;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    words.assign(sentences[s].words.begin(), sentences[s].words.end());
    predicted[s].assign(words.size(), kTagO);
    TagWithParams(model.params(), words, &scratch, predicted[s]);
    tagged[s] = TaggedSentence();
    RecordSentence(model.params(), scratch, predicted[s], &tagged[s]);
  }
  // The file has no article boundaries: the neighbouring sentences stand in
  // for the article in both document passes (as in training).
  const auto w = static_cast<std::size_t>(kDocWindowSentences);
  const std::size_t n = sentences.size();
  // Votes of the window [s - w, s + w], kept up to date as s advances.
  const auto slide = [&](DocumentVotes* votes, std::size_t s) {
    if (s == 0) {
      for (std::size_t k = 0; k < std::min(n, w + 1); ++k) {
        votes->Add(tagged[k].doc_cores, tagged[k].tags);
      }
      return;
    }
    if (s + w < n) votes->Add(tagged[s + w].doc_cores, tagged[s + w].tags);
    if (s > w)
      votes->Add(tagged[s - w - 1].doc_cores, tagged[s - w - 1].tags, -1);
  };
  DocumentVotes window;
  for (std::size_t s = 0; s < n; ++s) {
    slide(&window, s);
    window.Add(tagged[s].doc_cores, tagged[s].tags, -1);
    const std::vector<uint8_t> bits = window.Bits(tagged[s].doc_cores);
    window.Add(tagged[s].doc_cores, tagged[s].tags, 1);
    second[s].assign(tagged[s].tags.size(), kTagO);
    RetagWithDocumentVotes(model.params(), tagged[s], bits, &scratch,
                           second[s]);
  }
  for (std::size_t s = 0; s < n; ++s) tagged[s].tags = second[s];
  DocumentVotes final_window;
  for (std::size_t s = 0; s < n; ++s) {
    slide(&final_window, s);
    predicted[s] = second[s];
    ApplyDocumentVotes(final_window, tagged[s], predicted[s]);
  }
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const std::vector<TagSpan> gold = ScoredSpans(sentences[s].tags, score_misc);
    const std::vector<TagSpan> pred = ScoredSpans(predicted[s], score_misc);
    for (const TagSpan& g : gold) {
      ++result.per_type[static_cast<int>(g.type)].gold;
      if (std::find(pred.begin(), pred.end(), g) != pred.end()) {
        ++result.per_type[static_cast<int>(g.type)].correct;
      }
    }
    for (const TagSpan& p : pred) ++result.per_type[static_cast<int>(p.type)].predicted;
    result.tokens += static_cast<uint32_t>(sentences[s].words.size());
  }
  for (const NerScore& score : result.per_type) {
    result.micro.gold += score.gold;
    result.micro.predicted += score.predicted;
    result.micro.correct += score.correct;
  }
  result.sentences = static_cast<uint32_t>(sentences.size());
  result.sentences_per_second =
      result.seconds > 0 ? result.sentences / result.seconds : 0;
  return result;
}

Result<NerEvalResult> EvaluateNer(const NerModel& model,
                                  const std::string& conll_file,
                                  const NerEvalOptions& options) {
  Result<std::vector<ConllSentence>> sentences =
      ReadConll(conll_file, options.format);
  if (!sentences.ok()) return sentences.status();
  std::vector<ConllSentence> selected;
  if (options.subset == NerSubset::kAll) {
    selected = std::move(*sentences);
  } else if (options.format == CorpusFormat::kAnercorp) {
    const std::size_t dev_begin =
        DevSplitBegin(sentences->size(), options.dev_fraction);
    const bool dev = options.subset == NerSubset::kDev;
    for (std::size_t i = dev ? dev_begin : 0;
         i < (dev ? sentences->size() : dev_begin); ++i) {
      selected.push_back(std::move((*sentences)[i]));
    }
  } else {
    if (options.split_reference.empty()) {
      return Status::InvalidArgument(
          "a NewsFANE subset needs the ANERcorp file that defines the split");
    }
    Result<std::vector<ConllSentence>> reference =
        ReadConll(options.split_reference, CorpusFormat::kAnercorp);
    if (!reference.ok()) return reference.status();
    const std::size_t dev_begin =
        DevSplitBegin(reference->size(), options.dev_fraction);
    const std::vector<ConllSentence> ref_train(
        reference->begin(),
        reference->begin() + static_cast<std::ptrdiff_t>(dev_begin));
    const std::vector<ConllSentence> ref_dev(
        reference->begin() + static_cast<std::ptrdiff_t>(dev_begin),
        reference->end());
    const TextOverlapIndex train_index(ref_train);
    const TextOverlapIndex dev_index(ref_dev);
    for (ConllSentence& sentence : *sentences) {
      const bool in_dev =
          dev_index.Overlaps(sentence) && !train_index.Overlaps(sentence);
      if (in_dev == (options.subset == NerSubset::kDev)) {
        selected.push_back(std::move(sentence));
      }
    }
  }
  if (selected.empty()) {
    return Status::InvalidArgument("no sentences to evaluate in " + conll_file);
  }
  return EvaluateNerOn(model, selected, options.score_misc);
}

std::string FormatNerEval(const NerEvalResult& result) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof(line), "%-6s %7s %7s %7s %6s %6s %6s\n", "type",
                "gold", "pred", "correct", "P", "R", "F1");
  out += line;
  const auto row = [&](std::string_view name, const NerScore& s) {
    std::snprintf(line, sizeof(line), "%-6.*s %7u %7u %7u %6.2f %6.2f %6.2f\n",
                  static_cast<int>(name.size()), name.data(), s.gold,
                  s.predicted, s.correct, 100 * s.precision(),
                  100 * s.recall(), 100 * s.f1());
    out += line;
  };
  for (int t = 0; t < kNumEntityTypes; ++t) {
    if (result.per_type[t].gold + result.per_type[t].predicted == 0) continue;
    row(EntityTypeName(static_cast<EntityType>(t)), result.per_type[t]);
  }
  row("micro", result.micro);
  std::snprintf(line, sizeof(line),
                "%u sentences, %u tokens, %.0f sentences/s (tagging, 1 thread)\n",
                result.sentences, result.tokens, result.sentences_per_second);
  out += line;
  return out;
}

}  // namespace khabar::nlp
