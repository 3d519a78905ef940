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

// 16 lowercase hex digits.
std::string HashToHex(uint64_t hash);

}  // namespace khabar

#endif  // KHABAR_BASE_HASH_H_
