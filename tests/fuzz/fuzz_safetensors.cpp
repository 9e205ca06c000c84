// libFuzzer target: SafetensorsFile::fromBuffer on arbitrary bytes. aicl::Error is the only acceptable
// failure; any other exception, sanitizer report or broken invariant of an accepted file aborts.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "aicl/error.h"
#include "aicl/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto file =
        aicl::SafetensorsFile::fromBuffer(std::vector<uint8_t>(data, data + size), "fuzz.safetensors");
    uint64_t checksum = 0;
    size_t total = 0;
    for (const auto& view : file.tensors()) {
      uint64_t expected = aicl::dtypeSize(view.dtype);
      for (int64_t dim : view.shape) {
        if (dim < 0) __builtin_trap();
        expected *= static_cast<uint64_t>(dim);  // cannot overflow once the parser accepted the shape
      }
      if (expected != view.nbytes || file.find(view.name) != &view) __builtin_trap();
      for (size_t i = 0; i < view.nbytes; ++i)
        checksum += view.data[i];  // ASan checks every byte is in bounds
      total += view.nbytes;
    }
    if (total > size) __builtin_trap();
    for (const auto& [key, value] : file.metadata()) checksum += key.size() + value.size();
    volatile uint64_t sink = checksum;
    (void)sink;
  } catch (const aicl::Error&) {
  }
  return 0;
}
