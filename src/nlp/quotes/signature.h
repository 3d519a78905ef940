// Near-duplicate signatures: MinHash over word 3-shingles of analyzed terms.
//
// ComputeSignature() runs the Khabar analyzer (text::MakeKhabarAnalyzer), so
// two copies of an article that differ only in spelling variants, clitics,
// harakat or punctuation have the same shingles. Each shingle is hashed once
// with StableHash64 and then permuted kMinHashSize times by a splitmix64 mix
// with fixed per-slot seeds; a slot keeps the low 32 bits of the minimum.
// EstimateJaccard() is the fraction of equal slots (standard error
// sqrt(J(1-J)/128) <= 0.045).
//
// Signatures are persisted (article.signature, LSH band index), so the
// seeds, the shingle size and the analyzer are part of the format: changing
// any of them needs a new kSignatureVersion and recomputed signatures.
//
// LSH: kLshBands bands of kLshRows slots; two signatures share at least one
// band key with probability 1 - (1 - J^4)^32: 0.23 at J = 0.3, 0.87 at 0.5,
// 0.99+ at 0.7 and above. A store indexes BandKeys() and verifies candidates
// with EstimateJaccard().
//
// Thresholds (measured on ANT v2.1 dev, README.md): a republished article
// (same text, new boilerplate or small edits) is >= kNearDuplicateJaccard;
// independent reports of one event by different outlets share few 3-shingles
// (Jaccard mostly < 0.1), so cross-source stories come from StoryClusterer,
// not from signatures. Values and functions here are thread-safe.
#ifndef KHABAR_NLP_QUOTES_SIGNATURE_H_
#define KHABAR_NLP_QUOTES_SIGNATURE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "text/analyzer.h"

namespace khabar::nlp {

inline constexpr std::size_t kMinHashSize = 128;
inline constexpr std::size_t kShingleSize = 3;
inline constexpr std::size_t kLshBands = 32;
inline constexpr std::size_t kLshRows = kMinHashSize / kLshBands;
inline constexpr uint8_t kSignatureVersion = 1;
// Serialized size: version byte + kMinHashSize little-endian uint32.
inline constexpr std::size_t kSignatureBytes = 1 + 4 * kMinHashSize;

inline constexpr double kNearDuplicateJaccard = 0.8;
// Texts above this share whole passages (rewrites of one wire story, an
// article and its updated version): worth a look as the same story.
inline constexpr double kSharedTextJaccard = 0.3;

class MinHashSignature {
 public:
  // The empty signature (no terms): it matches nothing, not even itself.
  MinHashSignature();

  // Signature of a sequence of terms (3-shingles; a text of one or two terms
  // is one shingle). Empty `terms` give the empty signature.
  static MinHashSignature FromTerms(std::span<const std::string_view> terms);

  // Parses Serialize() output; Corruption for a wrong size or version.
  static Result<MinHashSignature> Parse(std::string_view blob);

  bool empty() const;
  const std::array<uint32_t, kMinHashSize>& values() const { return values_; }

  // kSignatureBytes bytes: version, then the slots little-endian.
  std::string Serialize() const;

  // One key per band (the band's index is mixed in, so keys of different
  // bands never collide by construction). Empty signatures give no keys.
  std::array<uint64_t, kLshBands> BandKeys() const;

  friend bool operator==(const MinHashSignature&,
                         const MinHashSignature&) = default;

 private:
  std::array<uint32_t, kMinHashSize> values_;
};

// Signature of analyzed `text` (Khabar analyzer, document mode). `text` must
// be valid UTF-8.
MinHashSignature ComputeSignature(std::string_view text);
// The same from the terms text::MakeKhabarAnalyzer() gave for the text
// (document mode), for callers that analyzed it already.
MinHashSignature ComputeSignature(const text::AnalyzedText& analyzed);

// Fraction of equal slots; 0 when either signature is empty.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);

enum class Overlap : uint8_t {
  kDistinct,        // unrelated or independently written
  kSharedText,      // >= kSharedTextJaccard: same source text reworked
  kNearDuplicate,   // >= kNearDuplicateJaccard: the same article again
};
Overlap ClassifyOverlap(double jaccard);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_QUOTES_SIGNATURE_H_
