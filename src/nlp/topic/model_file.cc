#include "nlp/topic/model_file.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "base/file.h"
#include "base/hash.h"

namespace khabar::nlp {

static_assert(std::endian::native == std::endian::little,
              "model files are written in native order and read back as "
              "little-endian");

namespace {

// Model files are a few MB; anything much larger is not one of ours.
constexpr std::size_t kMaxModelBytes = 64u << 20;

}  // namespace

ModelWriter::ModelWriter(std::string_view magic) {
  bytes_.assign(magic.substr(0, kModelMagicSize));
  bytes_.resize(kModelMagicSize, '\0');
}

void ModelWriter::PutU16(uint16_t v) { PutBytes(&v, sizeof v); }
void ModelWriter::PutU32(uint32_t v) { PutBytes(&v, sizeof v); }
void ModelWriter::PutF32(float v) { PutBytes(&v, sizeof v); }

void ModelWriter::PutString(std::string_view s) {
  PutU32(static_cast<uint32_t>(s.size()));
  PutBytes(s.data(), s.size());
}

void ModelWriter::PutBytes(const void* data, std::size_t size) {
  bytes_.append(static_cast<const char*>(data), size);
}

Status ModelWriter::WriteTo(const std::string& path) {
  std::string out = bytes_;
  const uint64_t checksum = StableHash64(bytes_);
  out.append(reinterpret_cast<const char*>(&checksum), sizeof checksum);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::IOError("cannot open " + tmp + " for writing");
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f.flush()) return Status::IOError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

Result<ModelReader> ModelReader::Open(const std::string& path,
                                      std::string_view magic,
                                      std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(std::string(what) + " not found: " + path);
  }
  Result<std::string> data = ReadFile(path, kMaxModelBytes);
  if (!data.ok()) return data.status().WithContext(std::string(what));
  std::string bytes = std::move(data).value();
  if (bytes.size() < kModelMagicSize + sizeof(uint64_t)) {
    return Status::Corruption(std::string(what) + " " + path +
                              ": file too short (" +
                              std::to_string(bytes.size()) + " bytes)");
  }
  std::string expected(magic.substr(0, kModelMagicSize));
  expected.resize(kModelMagicSize, '\0');
  if (bytes.compare(0, kModelMagicSize, expected) != 0) {
    return Status::Corruption(std::string(what) + " " + path +
                              ": wrong magic (not a " + std::string(what) +
                              " file, or an incompatible version)");
  }
  const std::size_t body = bytes.size() - sizeof(uint64_t);
  uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body, sizeof stored);
  if (StableHash64(std::string_view(bytes).substr(0, body)) != stored) {
    return Status::Corruption(std::string(what) + " " + path +
                              ": checksum mismatch (truncated or corrupt)");
  }
  bytes.resize(body);
  bytes.erase(0, kModelMagicSize);
  return ModelReader(std::move(bytes), std::string(what));
}

Status ModelReader::Short() const {
  return Status::Corruption(what_ + ": unexpected end of data at byte " +
                            std::to_string(pos_ + kModelMagicSize));
}

Status ModelReader::GetBytes(void* data, std::size_t size) {
  if (bytes_.size() - pos_ < size) return Short();
  std::memcpy(data, bytes_.data() + pos_, size);
  pos_ += size;
  return Status::Ok();
}

Status ModelReader::GetU8(uint8_t* v) { return GetBytes(v, sizeof *v); }
Status ModelReader::GetU16(uint16_t* v) { return GetBytes(v, sizeof *v); }
Status ModelReader::GetU32(uint32_t* v) { return GetBytes(v, sizeof *v); }
Status ModelReader::GetF32(float* v) { return GetBytes(v, sizeof *v); }

Status ModelReader::GetString(std::string* s, uint32_t max_size) {
  uint32_t size = 0;
  KHABAR_RETURN_IF_ERROR(GetU32(&size));
  if (size > max_size || bytes_.size() - pos_ < size) return Short();
  s->assign(bytes_, pos_, size);
  pos_ += size;
  return Status::Ok();
}

Status ModelReader::ExpectEnd() const {
  if (pos_ == bytes_.size()) return Status::Ok();
  return Status::Corruption(what_ + ": " +
                            std::to_string(bytes_.size() - pos_) +
                            " unexpected trailing bytes");
}

}  // namespace khabar::nlp
