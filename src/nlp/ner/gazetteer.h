// Gazetteers for the NER features, keyed by the hash of a word's "core"
// (the normalized word without proclitics: بالرقة, والرقة, الرقة -> رقه).
//
// CuratedGazetteer: the compiled-in lists (curated_gazetteer.inc): names of
// countries, capitals, major cities and organizations matched longest first
// over a sentence; trigger words (الرئيس, مدينة, شركة ...); and the titles
// the entity grouper strips from person names. One immutable instance,
// Default(), shared by all threads.
//
// LearnedGazetteer: built from the training portion of the corpus (words
// seen inside entities of each type, and whether mostly so); it is stored in
// the model file. Immutable after construction; thread-safe to read.
#ifndef KHABAR_NLP_NER_GAZETTEER_H_
#define KHABAR_NLP_NER_GAZETTEER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "nlp/ner/bio.h"

namespace khabar::nlp {

// A read-only hash map from 64-bit word hashes to a byte of flags, with
// open addressing: the tagger looks up every token in it, and
// std::unordered_map's modulo and node chasing showed in profiles.
class FlatByteMap {
 public:
  FlatByteMap() = default;
  explicit FlatByteMap(const std::unordered_map<uint64_t, uint8_t>& entries);

  uint8_t Find(uint64_t key) const {
    if (keys_.empty()) return 0;
    key = key == 0 ? 1 : key;  // 0 marks an empty slot
    for (std::size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) return 0;
    }
  }

 private:
  std::size_t Slot(uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);
  }

  std::vector<uint64_t> keys_;
  std::vector<uint8_t> values_;
  std::size_t mask_ = 0;
  int shift_ = 64;
};

// Trigger classes, one bit per entity type: 1 << static_cast<int>(type).
using TriggerBits = uint8_t;

class CuratedGazetteer {
 public:
  static const CuratedGazetteer& Default();

  // For each token (given by its core hash), bit 2t set when a curated name
  // of type t starts there, bit 2t+1 when one continues there.
  void Annotate(std::span<const uint64_t> core_hashes,
                std::span<uint8_t> flags) const;

  TriggerBits Trigger(uint64_t core_hash) const {
    return triggers_.Find(core_hash);
  }

  // Length in words of the longest title at the start of `core_hashes`
  // (0 when none).
  std::size_t TitleLength(std::span<const uint64_t> core_hashes) const;

 private:
  CuratedGazetteer();

  struct Name {
    std::vector<uint64_t> words;
    EntityType type;
  };
  // First word -> names starting with it, longest first.
  std::unordered_map<uint64_t, std::vector<Name>> names_;
  FlatByteMap triggers_;
  std::unordered_map<uint64_t, std::vector<std::vector<uint64_t>>> titles_;
};

class LearnedGazetteer {
 public:
  // Flag bits per type t: bit 2t = seen inside a t entity at least
  // kMinCount times, bit 2t+1 = inside a t entity in at least half of its
  // occurrences.
  static constexpr uint32_t kMinCount = 1;

  LearnedGazetteer() = default;
  explicit LearnedGazetteer(std::unordered_map<uint64_t, uint8_t> flags)
      : flags_(std::move(flags)), lookup_(flags_) {}

  uint8_t Lookup(uint64_t core_hash) const { return lookup_.Find(core_hash); }
  const std::unordered_map<uint64_t, uint8_t>& entries() const {
    return flags_;
  }

 private:
  std::unordered_map<uint64_t, uint8_t> flags_;
  FlatByteMap lookup_;
};

// Counts, per word core, how often it is tagged with each type.
class GazetteerBuilder {
 public:
  void Add(std::span<const uint64_t> core_hashes, std::span<const Tag> tags);
  LearnedGazetteer Build() const;

 private:
  // [0] = all occurrences, [1 + t] = occurrences inside a type-t entity.
  std::unordered_map<uint64_t, std::array<uint32_t, 1 + kNumEntityTypes>>
      counts_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_GAZETTEER_H_
