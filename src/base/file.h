// Reading whole files with a size cap.
#ifndef KHABAR_BASE_FILE_H_
#define KHABAR_BASE_FILE_H_

#include <cstddef>
#include <string>

#include "base/status.h"

namespace khabar {

// Largest input file Khabar reads in one piece. A news article is a few
// kilobytes; anything past this is refused with a clear error instead of
// exhausting memory.
inline constexpr std::size_t kMaxInputFileBytes = 64u << 20;  // 64 MiB

// Reads `path` into a string. Fails with InvalidArgument when the file is
// larger than `max_bytes`, IOError when it cannot be read.
Result<std::string> ReadFile(const std::string& path,
                             std::size_t max_bytes = kMaxInputFileBytes);

}  // namespace khabar

#endif  // KHABAR_BASE_FILE_H_
