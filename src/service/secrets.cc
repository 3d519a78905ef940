#include "service/secrets.h"

#include <sodium.h>

#include <atomic>
#include <mutex>
#include <vector>

namespace khabar::service {
namespace {

std::atomic<bool> fast_hashing{false};

std::string Base64Url(const unsigned char* data, std::size_t size) {
  const std::size_t cap =
      sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(cap, '\0');
  sodium_bin2base64(out.data(), cap, data, size,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

}  // namespace

Status InitSodium() {
  static const int rc = sodium_init();
  if (rc < 0) return Status::Internal("libsodium could not be initialized");
  return Status::Ok();
}

std::string RandomToken(std::size_t bytes) {
  (void)InitSodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return Base64Url(buf.data(), buf.size());
}

std::string HashToken(std::string_view token) {
  (void)InitSodium();
  unsigned char out[32];
  crypto_generichash(out, sizeof out,
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex, sizeof out * 2);
}

std::string Hmac(std::string_view key, std::string_view message) {
  (void)InitSodium();
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  crypto_auth_hmacsha256_final(&state, out);
  return Base64Url(out, sizeof out);
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password) {
  KHABAR_RETURN_IF_ERROR(InitSodium());
  const bool fast = fast_hashing.load();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(
          out, password.data(), password.size(),
          fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
          crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("argon2id hashing ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!InitSodium().ok()) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // NUL-terminated copy
  // libsodium requires a valid pointer even for an empty password (a
  // default string_view's data() is null).
  const std::string p(password);
  return crypto_pwhash_str_verify(h.c_str(), p.data(), p.size()) == 0;
}

void UseFastPasswordHashingForTests() { fast_hashing = true; }

}  // namespace khabar::service
