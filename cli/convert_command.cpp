// `aicl convert CHECKPOINT --out DIR`: a released LVDM/EchoReel checkpoint (.pt/.ckpt/.pth/.bin or
// .safetensors) to a model folder `generate --model DIR` reads.
#include <cstdio>
#include <exception>
#include <new>

#include "aicl/checkpoint_convert.h"
#include "aicl/error.h"
#include "arguments.h"
#include "commands.h"

namespace aicl::cli {

int runConvert(const Args& args) {
  try {
    const Arguments arguments(args, {"out", "config", "tokenizer"}, {"overwrite", "no-verify"});
    if (arguments.positionals().size() != 1) {
      std::fprintf(stderr,
                   "aicl convert: expected one CHECKPOINT (usage: aicl convert CHECKPOINT --out DIR "
                   "[--config FILE.json] "
                   "[--tokenizer DIR] [--overwrite] [--no-verify])\n");
      return 1;
    }
    ConvertOptions options = defaultConvertOptions();
    options.config = arguments.value("config").value_or("");
    options.tokenizer = arguments.value("tokenizer").value_or("");
    options.overwrite = arguments.has("overwrite");
    options.verify = !arguments.has("no-verify");
    const ConvertSummary summary =
        convertCheckpoint(arguments.positionals()[0], arguments.required("out"), options);
    std::printf("model: %s\n", summary.folder.c_str());
    for (const auto& part : summary.parts)
      std::printf("%-13s %lld tensors, %lld parameters (from %s*)\n", part.name.c_str(),
                  static_cast<long long>(part.tensors), static_cast<long long>(part.parameters),
                  part.prefix.c_str());
    std::printf("tokenizer     from %s\nignored       %zu tensors of no part\n", summary.tokenizer.c_str(),
                summary.ignored_keys.size());
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "aicl convert: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "aicl convert: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl convert: unexpected error: %s\n", e.what());
  }
  return 1;
}

}  // namespace aicl::cli
