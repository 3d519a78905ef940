#include "nlp/quotes/signature.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

#include "base/hash.h"
#include "text/analyzer.h"

namespace khabar::nlp {
namespace {

constexpr uint32_t kEmptySlot = std::numeric_limits<uint32_t>::max();
// Separates terms inside a shingle: never part of a UTF-8 term.
constexpr char kTermSeparator = '\x1f';
constexpr std::string_view kSeedDomain = "khabar.minhash.v1";

// Mix64 is a bijection on 64 bits, so h -> Mix(h ^ seed) is a distinct
// pseudo-random permutation for every seed.
constexpr uint64_t Mix(uint64_t x) { return Mix64(x); }

const std::array<uint64_t, kMinHashSize>& Seeds() {
  static const auto seeds = [] {
    std::array<uint64_t, kMinHashSize> s{};
    for (std::size_t i = 0; i < kMinHashSize; ++i) {
      s[i] = StableHash64(kSeedDomain, i);
    }
    return s;
  }();
  return seeds;
}

}  // namespace

MinHashSignature::MinHashSignature() { values_.fill(kEmptySlot); }

MinHashSignature MinHashSignature::FromTerms(
    std::span<const std::string_view> terms) {
  MinHashSignature sig;
  if (terms.empty()) return sig;
  const auto& seeds = Seeds();
  const std::size_t width = std::min(kShingleSize, terms.size());
  std::string shingle;
  for (std::size_t i = 0; i + width <= terms.size(); ++i) {
    shingle.clear();
    for (std::size_t k = 0; k < width; ++k) {
      if (k > 0) shingle.push_back(kTermSeparator);
      shingle.append(terms[i + k]);
    }
    const uint64_t h = StableHash64(shingle);
    for (std::size_t s = 0; s < kMinHashSize; ++s) {
      const auto v = static_cast<uint32_t>(Mix(h ^ seeds[s]));
      sig.values_[s] = std::min(sig.values_[s], v);
    }
  }
  return sig;
}

Result<MinHashSignature> MinHashSignature::Parse(std::string_view blob) {
  if (blob.size() != kSignatureBytes) {
    return Status::Corruption("minhash signature: expected " +
                              std::to_string(kSignatureBytes) + " bytes, got " +
                              std::to_string(blob.size()));
  }
  if (static_cast<uint8_t>(blob[0]) != kSignatureVersion) {
    return Status::Corruption("minhash signature: unknown version " +
                              std::to_string(static_cast<uint8_t>(blob[0])));
  }
  MinHashSignature sig;
  for (std::size_t s = 0; s < kMinHashSize; ++s) {
    uint32_t v = 0;
    for (std::size_t b = 0; b < 4; ++b) {
      v |= static_cast<uint32_t>(static_cast<uint8_t>(blob[1 + 4 * s + b]))
           << (8 * b);
    }
    sig.values_[s] = v;
  }
  return sig;
}

bool MinHashSignature::empty() const {
  return std::all_of(values_.begin(), values_.end(),
                     [](uint32_t v) { return v == kEmptySlot; });
}

std::string MinHashSignature::Serialize() const {
  std::string out;
  out.reserve(kSignatureBytes);
  out.push_back(static_cast<char>(kSignatureVersion));
  for (uint32_t v : values_) {
    for (std::size_t b = 0; b < 4; ++b) {
      out.push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
    }
  }
  return out;
}

std::array<uint64_t, kLshBands> MinHashSignature::BandKeys() const {
  std::array<uint64_t, kLshBands> keys{};
  if (empty()) return keys;
  const std::string bytes = Serialize();
  for (std::size_t band = 0; band < kLshBands; ++band) {
    const std::string_view rows(bytes.data() + 1 + 4 * kLshRows * band,
                                4 * kLshRows);
    keys[band] = StableHash64(rows, band + 1);
  }
  return keys;
}

MinHashSignature ComputeSignature(std::string_view text) {
  static const std::unique_ptr<text::Analyzer> analyzer =
      text::MakeKhabarAnalyzer();
  thread_local text::AnalyzedText analyzed;
  analyzed.Clear();
  analyzer->Analyze(text, text::AnalyzerMode::kDocument, &analyzed);
  return ComputeSignature(analyzed);
}

MinHashSignature ComputeSignature(const text::AnalyzedText& analyzed) {
  std::vector<std::string_view> terms;
  terms.reserve(analyzed.terms.size());
  for (const text::TermRef& t : analyzed.terms) {
    terms.push_back(analyzed.Term(t));
  }
  return MinHashSignature::FromTerms(terms);
}

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.empty() || b.empty()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t s = 0; s < kMinHashSize; ++s) {
    equal += a.values()[s] == b.values()[s];
  }
  return static_cast<double>(equal) / kMinHashSize;
}

Overlap ClassifyOverlap(double jaccard) {
  if (jaccard >= kNearDuplicateJaccard) return Overlap::kNearDuplicate;
  if (jaccard >= kSharedTextJaccard) return Overlap::kSharedText;
  return Overlap::kDistinct;
}

}  // namespace khabar::nlp
