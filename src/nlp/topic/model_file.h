// Binary model files for nlp/topic: a magic tag, a payload, and a trailing
// StableHash64 checksum of everything before it.
//
// Layout: magic (8 bytes) | payload | checksum (8 bytes, little-endian).
// ModelWriter builds the payload in memory and writes the file in one go;
// ModelReader checks magic and checksum up front, so a truncated, foreign or
// bit-flipped file is refused before any field is parsed, and then reads
// fields with bounds checks (a short read is Corruption, never UB). Numbers
// are little-endian on disk (the build targets are little-endian; see the
// static_assert in model_file.cc). Not thread-safe; use one per file.
#ifndef KHABAR_NLP_TOPIC_MODEL_FILE_H_
#define KHABAR_NLP_TOPIC_MODEL_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::nlp {

inline constexpr std::size_t kModelMagicSize = 8;

class ModelWriter {
 public:
  explicit ModelWriter(std::string_view magic);

  void PutU8(uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void PutU16(uint16_t v);
  void PutU32(uint32_t v);
  void PutF32(float v);
  void PutString(std::string_view s);  // u32 length + bytes
  void PutBytes(const void* data, std::size_t size);

  // Appends the checksum and writes the file (via a temporary file renamed
  // into place, so a crash never leaves a half-written model behind).
  [[nodiscard]] Status WriteTo(const std::string& path);

 private:
  std::string bytes_;
};

class ModelReader {
 public:
  // Reads `path`, checks `magic` and the checksum. `what` names the model in
  // error messages ("topic model").
  static Result<ModelReader> Open(const std::string& path,
                                  std::string_view magic,
                                  std::string_view what);

  [[nodiscard]] Status GetU8(uint8_t* v);
  [[nodiscard]] Status GetU16(uint16_t* v);
  [[nodiscard]] Status GetU32(uint32_t* v);
  [[nodiscard]] Status GetF32(float* v);
  [[nodiscard]] Status GetString(std::string* s, uint32_t max_size);
  [[nodiscard]] Status GetBytes(void* data, std::size_t size);
  // Corruption unless every payload byte has been read.
  [[nodiscard]] Status ExpectEnd() const;

 private:
  ModelReader(std::string bytes, std::string what)
      : bytes_(std::move(bytes)), what_(std::move(what)) {}
  Status Short() const;

  std::string bytes_;  // payload only: magic and checksum removed
  std::size_t pos_ = 0;
  std::string what_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_MODEL_FILE_H_
