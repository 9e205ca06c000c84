// libFuzzer target: TorchCheckpoint::fromBuffer on arbitrary bytes, then every tensor of the root and of the
// guessed state dict is read. aicl::Error is the only acceptable failure; any other exception, sanitizer
// report or broken invariant of an accepted file aborts.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "aicl/error.h"
#include "aicl/torch_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Small limits keep a single input from exhausting the fuzzer's memory.
  aicl::TorchCheckpointLimits limits;
  limits.max_objects = 1 << 16;
  limits.max_memo = 1 << 12;
  limits.max_elements = 1 << 18;
  limits.max_nesting = 64;
  limits.max_tensor_bytes = 1 << 24;
  try {
    const auto checkpoint =
        aicl::TorchCheckpoint::fromBuffer(std::vector<uint8_t>(data, data + size), "fuzz.pt", limits);
    uint64_t checksum = checkpoint.topLevelKeys().size() + checkpoint.opaqueGlobals().size();
    for (const auto& path : {std::vector<std::string>{}, checkpoint.defaultStateDictPath()}) {
      try {
        for (const auto& info : checkpoint.tensorInfos(path)) {
          const auto tensor = checkpoint.read(info);
          uint64_t expected = aicl::dtypeSize(tensor.dtype);
          for (int64_t dim : tensor.shape) {
            if (dim < 0) __builtin_trap();
            expected *= static_cast<uint64_t>(dim);  // bounded by max_tensor_bytes once read() accepted it
          }
          if (expected != tensor.data.size() || tensor.shape != info.shape) __builtin_trap();
          for (uint8_t byte : tensor.data) checksum += byte;
        }
      } catch (const aicl::Error&) {  // the root may not be a dict, or a tensor too large: keep checking
      }
    }
    volatile uint64_t sink = checksum;
    (void)sink;
  } catch (const aicl::Error&) {
  }
  return 0;
}
