// Files compiled into the binary (templates/, static/): see cmake/embed.cmake.
#ifndef KHABAR_WEB_EMBEDDED_H_
#define KHABAR_WEB_EMBEDDED_H_

#include <span>
#include <string_view>

namespace khabar::web {

struct EmbeddedFile {
  std::string_view path;  // "templates/home.html", "static/site.css"
  std::string_view data;
};

std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace khabar::web

#endif  // KHABAR_WEB_EMBEDDED_H_
