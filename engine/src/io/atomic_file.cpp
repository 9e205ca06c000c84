#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>

#include "aicl/error.h"

namespace aicl {

std::filesystem::path temporaryPathFor(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  auto name = "." + target.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" +
              std::to_string(stamp) + "-" + std::to_string(counter++);
  return target.parent_path() / name;
}

namespace {
void syncFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;  // a folder (PNG sequences) or an exotic file system: rename is still atomic
  ::fsync(fd);
  ::close(fd);
}
}  // namespace

void replaceFileAtomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path&)>& write) {
  const auto parent = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  if (!std::filesystem::is_directory(parent))
    throw Error(target.string() + ": folder " + parent.string() + " does not exist");
  const auto temporary = temporaryPathFor(target);
  try {
    write(temporary);
    if (!std::filesystem::exists(temporary)) throw Error(target.string() + ": nothing was written");
    syncFile(temporary);
    std::filesystem::rename(temporary, target);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temporary, ignored);
    throw;
  }
}

void writeFileAtomically(const std::filesystem::path& target, const std::string& content) {
  replaceFileAtomically(target, [&](const std::filesystem::path& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(target.string() + ": cannot open " + temporary.string() + " for writing");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw Error(target.string() + ": write failed (disk full?)");
  });
}

}  // namespace aicl
