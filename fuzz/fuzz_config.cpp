// libFuzzer target: the pgsafe.toml reader (load_config) and the exclude
// globs it yields. load_config reads a path, so each input is written to a
// per-process temporary file first.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "pgsafe/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("pgsafe-fuzz-config-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return (dir / "pgsafe.toml").string();
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  if (size > 0 && std::fwrite(data, 1, size, f) != size) {
    std::fclose(f);
    return 0;
  }
  std::fclose(f);

  std::string error;
  std::optional<pgsafe::Config> cfg = pgsafe::load_config(path, error);
  if (cfg) {
    if (!error.empty() && cfg->path.empty()) __builtin_trap();
    for (const char* p : {"V1__a.sql", "db/migrations/V2__b.sql", "./legacy/x.sql", ""}) {
      (void)pgsafe::config_excludes(*cfg, p);
    }
  } else if (error.empty() || error.find('\n') != std::string::npos) {
    // A failure always comes with a one-line message.
    __builtin_trap();
  }
  return 0;
}
