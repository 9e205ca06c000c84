// aicl: AICL Studio's headless command line. `aicl help` lists the subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "aicl/version.h"
#include "commands.h"

namespace {

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const aicl::cli::Args&)> run;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"probe", "probe FILE: print a video's properties as JSON", aicl::cli::runProbe},
      {"generate", "generate --model DIR --prompt TEXT --out FILE [...]: text to video", aicl::cli::runGenerate},
      {"inspect", "inspect --model DIR: architecture, parameters and dtype per component", aicl::cli::runInspect},
      {"convert", "convert CHECKPOINT --out DIR [--config FILE.json] [--tokenizer DIR]: EchoReel checkpoint to a model",
       aicl::cli::runConvert},
      {"pack-model", "pack-model --model DIR --out DIR [--dtype f16|bf16|f32]: copy a model with smaller weights",
       aicl::cli::runPackModel},
      {"make-dataset", "make-dataset actionworld --out DIR [...]: render the ActionWorld dataset",
       aicl::cli::runMakeDataset},
      {"train", "train --model DIR --data DATA --config aicl.json --out DIR: train the AICL adapter", aicl::cli::runTrain},
      {"train-backbone", "train-backbone --data DATA --vae DIR --config RECIPE --out DIR: the default model's backbone",
       aicl::cli::runTrainBackbone},
      {"eval", "eval [--model DIR] [--quick] --out FILE.json: action and appearance accuracy with and without AICL",
       aicl::cli::runEval},
      {"features", "features [--model DIR] --ref A --ref B [--video GENERATED] --out FILE.json: Action Prism PCA",
       aicl::cli::runFeatures},
      {"train-vae", "train-vae --data DATA --config vae.json --out DIR: the default model's VAE", aicl::cli::runTrainVae},
  };
  return list;
}

void printUsage(FILE* out) {
  std::fprintf(out, "usage: aicl <command> [options]\n\ncommands:\n");
  for (const auto& command : commands()) std::fprintf(out, "  %-15s %s\n", command.name, command.summary);
  std::fprintf(out, "  %-15s %s\n", "version", "print the version");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printUsage(stderr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "--version" || name == "version") {
    std::printf("aicl %s\n", aicl::version().c_str());
    return 0;
  }
  if (name == "--help" || name == "-h" || name == "help") {
    printUsage(stdout);
    return 0;
  }
  const aicl::cli::Args args(argv + 2, argv + argc);
  for (const auto& command : commands()) {
    if (name != command.name) continue;
    try {
      return command.run(args);
    } catch (const std::exception& e) {  // a last guard: every command reports its own errors already
      std::fprintf(stderr, "aicl %s: %s\n", command.name, e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "aicl: unknown command '%s' (see 'aicl help')\n", name.c_str());
  return 2;
}
