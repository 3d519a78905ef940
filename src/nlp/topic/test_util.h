// Helpers shared by the nlp/topic tests: temporary files and a tiny labeled
// corpus. Not part of the library.
#ifndef KHABAR_NLP_TOPIC_TEST_UTIL_H_
#define KHABAR_NLP_TOPIC_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace khabar::nlp::testing {

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("khabar_topic_test_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

inline void WriteText(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Six labeled documents, one per ANT v2.1 label, each repeated so that a
// small model learns them.
inline std::string TinyCorpusJsonl() {
  const char* docs[][3] = {
      {"sport", "الأهلي يفوز في الدوري", "سجل اللاعب هدفين في المباراة"},
      {"economy", "ارتفاع أسعار النفط", "البورصة والأسهم والبنك المركزي"},
      {"middleEast", "الحكومة السورية في دمشق", "الرئيس اللبناني في بيروت"},
      {"internationalNews", "الانتخابات في فرنسا", "البيت الأبيض وموسكو"},
      {"technology", "هاتف ذكي جديد", "تطبيق وإنترنت وحاسوب"},
      {"culture", "مهرجان سينمائي", "فيلم ورواية ومسرح"},
  };
  std::string out;
  for (int copy = 0; copy < 3; ++copy) {
    for (const auto& d : docs) {
      out += std::string("{\"label\":\"") + d[0] + "\",\"title\":\"" + d[1] +
             "\",\"text\":\"" + d[2] + " " + std::to_string(copy) + "\"}\n";
    }
  }
  return out;
}

}  // namespace khabar::nlp::testing

#endif  // KHABAR_NLP_TOPIC_TEST_UTIL_H_
