// Secrets of the accounts layer, all through libsodium: random tokens,
// their stored hashes, HMAC-derived capability tokens (private feed URLs,
// unsubscribe links) and constant-time comparison. Password hashing is
// argon2id (crypto_pwhash_str), whose parameters travel in the hash string.
#ifndef KHABAR_SERVICE_SECRETS_H_
#define KHABAR_SERVICE_SECRETS_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::service {

// Initializes libsodium once; every function below calls it.
Status InitSodium();

// `bytes` random bytes as unpadded base64url (32 bytes → 43 characters).
std::string RandomToken(std::size_t bytes = 32);

// What the database keeps of a token: BLAKE2b-256 of it, as hex. Tokens are
// 256-bit random, so a fast hash is the right tool (no salt needed).
std::string HashToken(std::string_view token);

// HMAC-SHA-256 of `message` under `key`, unpadded base64url.
std::string Hmac(std::string_view key, std::string_view message);

bool ConstantTimeEqual(std::string_view a, std::string_view b);

// argon2id with libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE limits.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// Tests only: use the minimum argon2id cost (fast, still argon2id).
void UseFastPasswordHashingForTests();

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_SECRETS_H_
