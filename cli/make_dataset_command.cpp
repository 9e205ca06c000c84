// `aicl make-dataset actionworld --out DIR [--clips-per-action N] [--size S] [--frames F] [--seed S]
//                                          [--actions seen|held_out|all] [--format mp4|png]`:
// writes the procedural ActionWorld dataset (videos/ and index.csv) with a progress line on stderr; one line
// on stderr and exit code 1 on any error.
// `aicl make-dataset actionworld --examples --out DIR [--seed S]`: the application's example reference sets
// (assets/examples: three clips per held-out action and three seen ones, and examples.json).
//
// To register (cli/commands.h, cli/main.cpp, cli/CMakeLists.txt):
//   int runMakeDataset(const Args& args);
//   {"make-dataset", "make-dataset actionworld --out DIR [...]: write the ActionWorld dataset",
//    aicl::cli::runMakeDataset},
//   add make_dataset_command.cpp to the aicl sources and link aicl_actionworld.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>

#include "aicl/actionworld.h"
#include "aicl/error.h"
#include "arguments.h"
#include "commands.h"
#include "progress_bar.h"

namespace aicl::cli {

int runMakeDataset(const Args& args) {
  constexpr const char* kUsage =
      "usage: aicl make-dataset actionworld --out DIR [--clips-per-action N] [--size S] [--frames F] [--seed "
      "S] "
      "[--actions seen|held_out|all] [--format mp4|png] | --examples --out DIR [--seed S]";
  try {
    const Arguments arguments(args,
                              {"out", "clips-per-action", "size", "frames", "seed", "actions", "format"}, {"examples"});
    if (arguments.positionals().size() != 1 || arguments.positionals()[0] != "actionworld") {
      std::fprintf(stderr, "aicl make-dataset: expected the dataset name 'actionworld' (%s)\n", kUsage);
      return 1;
    }
    if (arguments.has("examples")) {
      actionworld::ExampleOptions options;
      options.size = arguments.integer("size", options.size, 16, 1024);
      options.frames = arguments.integer("frames", options.frames, 2, 256);
      options.seed = arguments.unsignedInteger("seed", options.seed);
      const std::filesystem::path out = arguments.required("out");
      const auto sets = actionworld::writeExampleSets(out, options);
      std::fprintf(stderr, "wrote %zu example sets to %s\n", sets.size(), (out / "examples.json").c_str());
      return 0;
    }
    actionworld::DatasetOptions options;
    options.clips_per_action = arguments.integer("clips-per-action", options.clips_per_action, 1, 100000);
    options.size = arguments.integer("size", options.size, 16, 1024);
    options.frames = arguments.integer("frames", options.frames, 2, 256);
    options.seed = arguments.unsignedInteger("seed", options.seed);
    if (auto actions = arguments.value("actions")) options.actions = actionworld::parseActionSet(*actions);
    if (auto format = arguments.value("format")) options.format = actionworld::parseDatasetFormat(*format);
    const std::filesystem::path out = arguments.required("out");

    ProgressBar bar("actionworld");
    const auto entries = actionworld::makeDataset(out, options, [&](int done, int total) {
      const int step = std::max(1, total / 100);  // about a hundred updates, so a log stays short
      if (done == 0 || done == total || done % step == 0) bar.update(done, total);
    });
    bar.finish();
    std::fprintf(stderr, "wrote %zu clips to %s (index %s)\n", entries.size(), (out / "videos").c_str(),
                 (out / "index.csv").c_str());
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "aicl make-dataset: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "aicl make-dataset: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl make-dataset: unexpected error: %s\n", e.what());
  }
  return 1;
}

}  // namespace aicl::cli
