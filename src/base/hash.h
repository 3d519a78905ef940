// Stable 64-bit hashing for content fingerprints stored on disk.
//
// std::hash is implementation-defined and may change between compilers, so
// anything persisted (content hashes, ids) uses this function instead. It is
// FNV-1a 64 with a final avalanche mix: not cryptographic, stable forever.
#ifndef KHABAR_BASE_HASH_H_
#define KHABAR_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar {

uint64_t StableHash64(std::string_view data, uint64_t seed = 0);

// The splitmix64 finalizer: a bijection on 64 bits that spreads nearby
// inputs apart. Stable forever (feature hashes in shipped models use it).
constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// 16 lowercase hex digits.
std::string HashToHex(uint64_t hash);

}  // namespace khabar

#endif  // KHABAR_BASE_HASH_H_
