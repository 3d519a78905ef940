// The analyzer chain. Order matters:
//  1. Tokenize the ORIGINAL text, so token offsets point into what readers
//     see and highlights land on it; normalizing first would shift offsets
//     and could merge or split tokens (a removed tatweel or ZWNJ must not
//     change word boundaries).
//  2. Normalize each word: lossless steps first (presentation forms,
//     invisible controls, hamza composition), then lossy folds. Composition
//     must precede folding, or alef + U+0654 would fold to ا + a mark that
//     the harakat fold then drops, giving a different result from أ.
//  3. Stem only after folding: the stemmer's affixes and protected words
//     are written in folded form (ة is ه, أ is ا), so one rule covers every
//     spelling.
//  4. Latin words are lowercased (ASCII only) and numbers kept as folded
//     digits; neither goes through the Arabic stemmer.
// Documents and queries run the same chain; AnalyzerMode is kept so that the
// document side can later add colocated terms (e.g. the unstemmed form)
// without changing callers.
#include "text/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cstring>

#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"

namespace khabar::text {
namespace {

void LowercaseAscii(char* begin, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    if (begin[i] >= 'A' && begin[i] <= 'Z') begin[i] = begin[i] - 'A' + 'a';
  }
}

// Shared body of both analyzers: tokenizes, normalizes each number and
// Latin token straight into out->terms_buffer, and lets `word_term` write
// the term of each kWord token. WordTerm(std::string_view word, std::string*
// buffer, size_t begin) writes the term at `begin` (the buffer has room for
// MaxNormalizedSize(word.size()) bytes there and may be grown) and returns
// its size. terms_buffer is kept longer than its content while we write and
// trimmed once at the end, so a word costs no resize or zero-fill.
template <typename WordTerm>
void AnalyzeWith(const Normalizer& normalizer, std::string_view text,
                 AnalyzedText* out, const WordTerm& word_term) {
  std::string& buffer = out->terms_buffer;
  std::size_t used = buffer.size();
  TokenStream stream(text);
  Token token;
  uint32_t position = 0;
  while (stream.Next(&token)) {
    if (token.kind == TokenKind::kPunct) continue;
    const std::string_view word = token.Text(text);
    const std::size_t need = used + Normalizer::MaxNormalizedSize(word.size());
    if (buffer.size() < need) buffer.resize(std::max(need, 2 * buffer.size()));
    std::size_t size;
    if (token.kind == TokenKind::kWord) {
      size = word_term(word, &buffer, used);
    } else {
      size = normalizer.NormalizeWordTo(word, buffer.data() + used);
      if (token.kind == TokenKind::kLatin) {
        LowercaseAscii(buffer.data() + used, size);
      }
    }
    if (size > 0) {
      out->terms.push_back({static_cast<uint32_t>(used),
                            static_cast<uint32_t>(size), token.begin, token.end,
                            position});
    }
    used += size;
    ++position;
  }
  buffer.resize(used);
}

class KhabarAnalyzer final : public Analyzer {
 public:
  KhabarAnalyzer() : stemmer_(ArabicStemmer::Default()) {}

  std::string_view name() const override { return "khabar"; }
  // 1: a name listed with ال (الرقة) no longer matches after a bare clitic
  //    (فرقة, ورقة gave رقه).
  int revision() const override { return 1; }

  void Analyze(std::string_view text, AnalyzerMode /*mode*/,
               AnalyzedText* out) const override {
    AnalyzeWith(
        normalizer_, text, out,
        [this](std::string_view word, std::string* buffer, std::size_t begin) {
          char* term = buffer->data() + begin;
          // Nearly every word is plain Arabic letters: normalize and decode
          // them in one pass and hand the letter codes to the stemmer, which
          // would otherwise decode the normalized word again.
          uint8_t codes[ArabicStemmer::kMaxLetters];
          const std::size_t letters = normalizer_.NormalizeArabicLetters(
              word, term, codes, ArabicStemmer::kMaxLetters);
          std::string_view stem;
          if (letters != Normalizer::kNotArabicLetters) {
            stem = stemmer_.StemLetters(std::string_view(term, 2 * letters),
                                        codes);
          } else {
            const std::size_t size = normalizer_.NormalizeWordTo(word, term);
            stem = stemmer_.Stem(std::string_view(term, size));
          }
          if (stem.data() != term) {
            std::memmove(term, stem.data(), stem.size());
          }
          return stem.size();
        });
  }

 private:
  Normalizer normalizer_;
  const ArabicStemmer& stemmer_;
};

struct SbStemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// sb_stemmer keeps per-call state inside the object, so it must not be
// shared between threads. One per thread (created on first use, freed at
// thread exit) keeps Analyze() const and thread-safe without a lock; all
// SnowballAnalyzer instances on a thread share it, which is safe because a
// call never yields in the middle. Null if libstemmer lacks Arabic, in
// which case words are left unstemmed.
sb_stemmer* ThreadArabicSnowball() {
  thread_local const std::unique_ptr<sb_stemmer, SbStemmerDeleter> stemmer(
      sb_stemmer_new("arabic", "UTF_8"));
  return stemmer.get();
}

class SnowballAnalyzer final : public Analyzer {
 public:
  std::string_view name() const override { return "snowball"; }

  void Analyze(std::string_view text, AnalyzerMode /*mode*/,
               AnalyzedText* out) const override {
    sb_stemmer* stemmer = ThreadArabicSnowball();
    AnalyzeWith(
        normalizer_, text, out,
        [this, stemmer](std::string_view word, std::string* buffer,
                        std::size_t begin) {
          const std::size_t size =
              normalizer_.NormalizeWordTo(word, buffer->data() + begin);
          if (stemmer == nullptr) return size;
          const sb_symbol* stem = sb_stemmer_stem(
              stemmer,
              reinterpret_cast<const sb_symbol*>(buffer->data() + begin),
              static_cast<int>(size));
          if (stem == nullptr) return size;  // out of memory: keep word
          const auto stem_size =
              static_cast<std::size_t>(sb_stemmer_length(stemmer));
          if (buffer->size() < begin + stem_size) {
            buffer->resize(begin + stem_size);
          }
          std::memcpy(buffer->data() + begin, stem, stem_size);
          return stem_size;
        });
  }

 private:
  Normalizer normalizer_;
};

}  // namespace

std::unique_ptr<Analyzer> MakeKhabarAnalyzer() {
  return std::make_unique<KhabarAnalyzer>();
}

std::unique_ptr<Analyzer> MakeSnowballAnalyzer() {
  return std::make_unique<SnowballAnalyzer>();
}

std::unique_ptr<Analyzer> MakeAnalyzerByName(std::string_view name) {
  if (name == "khabar") return MakeKhabarAnalyzer();
  if (name == "snowball") return MakeSnowballAnalyzer();
  return nullptr;
}

std::vector<TokenDetail> AnalyzeDetailed(std::string_view text) {
  const Normalizer& normalizer = Normalizer::Default();
  const ArabicStemmer& stemmer = ArabicStemmer::Default();
  std::vector<TokenDetail> details;
  TokenStream stream(text);
  Token token;
  while (stream.Next(&token)) {
    TokenDetail d;
    d.kind = token.kind;
    d.begin = token.begin;
    d.end = token.end;
    d.surface = std::string(token.Text(text));
    normalizer.AppendNormalizedWord(d.surface, &d.normalized);
    switch (token.kind) {
      case TokenKind::kWord: {
        const CliticParts parts = stemmer.Split(d.normalized);
        d.prefix = std::string(parts.prefix);
        d.stem = std::string(parts.stem);
        d.suffix = std::string(parts.suffix);
        d.is_protected = parts.is_protected;
        break;
      }
      case TokenKind::kLatin:
        d.stem = d.normalized;
        LowercaseAscii(d.stem.data(), d.stem.size());
        break;
      case TokenKind::kNumber:
        d.stem = d.normalized;
        break;
      case TokenKind::kPunct:
        break;
    }
    d.indexed = token.kind != TokenKind::kPunct && !d.stem.empty();
    details.push_back(std::move(d));
  }
  return details;
}

}  // namespace khabar::text
