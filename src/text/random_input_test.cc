// Random-input tests: seeded mixes of Arabic letters, harakat, presentation
// forms, digits, Latin, punctuation, whitespace and invisible controls,
// checked against the invariants every component promises. A failure prints
// the seed and the input (as hex) to reproduce it.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/arabic_letters.h"
#include "text/normalizer.h"
#include "text/sentence.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

constexpr int kIterations = 400;

const std::vector<char32_t>& Alphabet() {
  static const std::vector<char32_t> kAlphabet = [] {
    std::vector<char32_t> a;
    for (char32_t c = 0x0621; c <= 0x064A; ++c) a.push_back(c);  // letters
    for (char32_t c = 0x064B; c <= 0x0655; ++c) a.push_back(c);  // harakat
    for (char32_t c : {0x0670, 0x0671, 0x06CC, 0x06A9, 0x06C1, 0x06D2, 0x06D5,
                       0x0640, 0x06D4, 0x060C, 0x061B, 0x061F, 0x066A, 0x066B,
                       0x066C, 0x06DD, 0x0610}) {
      a.push_back(c);
    }
    for (char32_t c = 0x0660; c <= 0x0669; ++c) a.push_back(c);
    for (char32_t c = 0x06F0; c <= 0x06F9; ++c) a.push_back(c);
    for (char32_t c : {0xFEFB, 0xFEF5, 0xFEF7, 0xFE70, 0xFE71, 0xFE8D, 0xFEA7,
                       0xFDF2, 0xFDFA, 0xFC5E, 0xFB8E, 0xFD3E}) {
      a.push_back(c);  // presentation forms
    }
    for (char32_t c : {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202B, 0x2067,
                       0x061C, 0xFEFF, 0x2060, 0x00AD}) {
      a.push_back(c);  // invisible
    }
    for (char32_t c :
         {U' ', U' ', U' ', U'\n', U'\t', char32_t{0x00A0}, char32_t{0x2003}}) {
      a.push_back(c);
    }
    for (const char c : std::string("abcXYZ0123456789.,!?\"'-()'")) {
      a.push_back(static_cast<unsigned char>(c));
    }
    for (char32_t c : {0x00AB, 0x00BB, 0x201C, 0x201D, 0x2026, 0x00E9, 0x0301,
                       0x0416, 0x4E2D, 0x1F600}) {
      a.push_back(c);
    }
    return a;
  }();
  return kAlphabet;
}

std::string RandomText(std::mt19937& rng) {
  const std::vector<char32_t>& a = Alphabet();
  std::uniform_int_distribution<std::size_t> pick(0, a.size() - 1);
  std::uniform_int_distribution<int> len(0, 80);
  std::string s;
  for (int i = len(rng); i > 0; --i) AppendUtf8(a[pick(rng)], &s);
  return s;
}

std::string Hex(const std::string& s) {
  std::string out;
  char buf[4];
  for (const unsigned char c : s) {
    std::snprintf(buf, sizeof(buf), "%02x", c);
    out += buf;
  }
  return out;
}

#define CONTEXT "seed " << seed << " input " << Hex(text)

TEST(RandomInputTest, TokensAreOrderedOnBoundariesAndRebuildInput) {
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    std::string rebuilt;
    std::size_t pos = 0;
    for (const Token& t : Tokenize(text)) {
      ASSERT_LE(pos, t.begin) << CONTEXT;
      ASSERT_LT(t.begin, t.end) << CONTEXT;
      ASSERT_LE(t.end, text.size()) << CONTEXT;
      ASSERT_TRUE(IsUtf8Boundary(text, t.begin)) << CONTEXT;
      ASSERT_TRUE(IsUtf8Boundary(text, t.end)) << CONTEXT;
      // Everything between tokens must be a separator.
      for (std::size_t p = pos; p < t.begin;) {
        const DecodedChar d = DecodeUtf8(text, p);
        const CharClass k = ClassOf(d.code_point);
        ASSERT_TRUE(k == CharClass::kSpace || k == CharClass::kIgnorable)
            << CONTEXT;
        p += d.length;
      }
      rebuilt += text.substr(pos, t.begin - pos);
      rebuilt += t.Text(text);
      pos = t.end;
    }
    rebuilt += text.substr(pos);
    ASSERT_EQ(rebuilt, text) << CONTEXT;
  }
}

TEST(RandomInputTest, NormalizationIsIdempotentForEveryOptionSet) {
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    NormalizeOptions o;
    o.fold_alef = rng() & 1;
    o.fold_alef_maqsura = rng() & 1;
    o.fold_teh_marbuta = rng() & 1;
    o.fold_waw_hamza = rng() & 1;
    o.fold_yeh_hamza = rng() & 1;
    o.remove_harakat = rng() & 1;
    o.fold_digits = rng() & 1;
    o.fold_persian = rng() & 1;
    const std::string once = NormalizeToString(text, o);
    ASSERT_TRUE(ValidateUtf8(once).ok()) << CONTEXT;
    ASSERT_EQ(NormalizeToString(once, o), once) << CONTEXT;
  }
}

TEST(RandomInputTest, OffsetMapIsMonotonicAndInRange) {
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    const NormalizedText n = Normalize(text);
    ASSERT_EQ(n.offsets.size(), n.text.size() + 1) << CONTEXT;
    ASSERT_EQ(n.offsets.back(), text.size()) << CONTEXT;
    for (std::size_t i = 0; i < n.offsets.size(); ++i) {
      ASSERT_LE(n.offsets[i], text.size()) << CONTEXT;
      ASSERT_TRUE(IsUtf8Boundary(text, n.offsets[i])) << CONTEXT;
      if (i > 0) {
        ASSERT_LE(n.offsets[i - 1], n.offsets[i]) << CONTEXT;
      }
    }
  }
}

TEST(RandomInputTest, AnalyzersNeverCrashAndOffsetsLandOnBoundaries) {
  const auto khabar = MakeKhabarAnalyzer();
  const auto snowball = MakeSnowballAnalyzer();
  AnalyzedText out;
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    for (const Analyzer* a : {khabar.get(), snowball.get()}) {
      out.Clear();
      a->Analyze(text, AnalyzerMode::kDocument, &out);
      uint32_t last_end = 0;
      for (const TermRef& t : out.terms) {
        ASSERT_GT(t.term_size, 0u) << CONTEXT;
        ASSERT_LE(t.term_begin + t.term_size, out.terms_buffer.size());
        ASSERT_LE(last_end, t.begin) << CONTEXT;
        ASSERT_LT(t.begin, t.end) << CONTEXT;
        ASSERT_LE(t.end, text.size()) << CONTEXT;
        ASSERT_TRUE(IsUtf8Boundary(text, t.begin)) << CONTEXT;
        ASSERT_TRUE(IsUtf8Boundary(text, t.end)) << CONTEXT;
        ASSERT_TRUE(ValidateUtf8(out.Term(t)).ok()) << CONTEXT;
        last_end = t.end;
      }
    }
  }
}

TEST(RandomInputTest, StemIsSubstringAndNeverShorterThanThreeLetters) {
  const ArabicStemmer& stemmer = ArabicStemmer::Default();
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    for (const Token& t : Tokenize(text)) {
      if (t.kind != TokenKind::kWord) continue;
      const std::string word = NormalizeToString(t.Text(text));
      const CliticParts p = stemmer.Split(word);
      ASSERT_EQ(
          std::string(p.prefix) + std::string(p.stem) + std::string(p.suffix),
          word)
          << CONTEXT;
      if (p.stem.size() != word.size()) {
        ASSERT_GE(p.stem.size(), 6u) << CONTEXT;  // three 2-byte letters
      }
    }
  }
}

TEST(RandomInputTest, SentencesAreOrderedTrimmedAndInRange) {
  for (uint32_t seed = 1; seed <= kIterations; ++seed) {
    std::mt19937 rng(seed);
    const std::string text = RandomText(rng);
    uint32_t last = 0;
    for (const SentenceSpan& s : SplitSentences(text)) {
      ASSERT_LE(last, s.begin) << CONTEXT;
      ASSERT_LT(s.begin, s.end) << CONTEXT;
      ASSERT_LE(s.end, text.size()) << CONTEXT;
      ASSERT_TRUE(IsUtf8Boundary(text, s.begin)) << CONTEXT;
      ASSERT_TRUE(IsUtf8Boundary(text, s.end)) << CONTEXT;
      ASSERT_FALSE(text::IsSpace(DecodeUtf8(text, s.begin).code_point))
          << CONTEXT;
      last = s.end;
    }
  }
}

TEST(RandomInputTest, InvalidUtf8NeverCrashesTheChain) {
  std::mt19937 rng(7);
  const auto khabar = MakeKhabarAnalyzer();
  AnalyzedText out;
  for (int i = 0; i < kIterations; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    out.Clear();
    khabar->Analyze(bytes, AnalyzerMode::kQuery, &out);
    (void)Normalize(bytes);
    (void)SplitSentences(bytes);
    (void)AnalyzeDetailed(bytes);
    for (const TermRef& t : out.terms) ASSERT_LE(t.end, bytes.size());
  }
}

}  // namespace
}  // namespace khabar::text
