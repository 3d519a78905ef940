#include "base/hash.h"

namespace khabar {

uint64_t StableHash64(std::string_view data, uint64_t seed) {
  constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
  constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
  uint64_t h = kFnvOffset ^ seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= kFnvPrime;
  }
  // The finalizer spreads FNV's weak low bits.
  return Mix64(h);
}

std::string HashToHex(uint64_t hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[i] = kDigits[hash & 0xf];
    hash >>= 4;
  }
  return out;
}

}  // namespace khabar
