#include "io/file_bytes.h"

#if __has_include(<sys/mman.h>)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define AICL_HAVE_MMAP 1
#endif

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "aicl/error.h"

namespace aicl {

FileBytes FileBytes::of(const std::filesystem::path& path) {
  const std::string file = path.string();
  FileBytes bytes;
#ifdef AICL_HAVE_MMAP
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(file + ": cannot open: " + std::strerror(errno));
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw Error(file + ": not a regular file");
  }
  const auto size = static_cast<size_t>(status.st_size);
  if (size > 0) {  // mmap refuses empty files; they take the read path (and their parser says what is wrong)
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (address != MAP_FAILED) {
      bytes.mapped_ = address;
      bytes.mapped_size_ = size;
      ::close(fd);
      return bytes;
    }
  }
  ::close(fd);
#endif
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(file + ": cannot open");
  bytes.owned_.resize(static_cast<size_t>(in.tellg()));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.owned_.data()), static_cast<std::streamsize>(bytes.owned_.size()));
  if (!in) throw Error(file + ": read failed");
  return bytes;
}

void FileBytes::release() {
#ifdef AICL_HAVE_MMAP
  if (mapped_) ::munmap(mapped_, mapped_size_);
#endif
  mapped_ = nullptr;
  mapped_size_ = 0;
}

FileBytes::~FileBytes() { release(); }

FileBytes::FileBytes(FileBytes&& other) noexcept
    : owned_(std::move(other.owned_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)) {}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    owned_ = std::move(other.owned_);
    mapped_ = std::exchange(other.mapped_, nullptr);
    mapped_size_ = std::exchange(other.mapped_size_, 0);
  }
  return *this;
}

}  // namespace aicl
