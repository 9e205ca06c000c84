#pragma once
// One function per `aicl` subcommand: takes the arguments after the subcommand name, returns the exit code.
// Each prints one clear line on stderr and returns non-zero on failure; none throws.
#include <string>
#include <vector>

namespace aicl::cli {

using Args = std::vector<std::string>;

int runProbe(const Args& args);
int runGenerate(const Args& args);
int runInspect(const Args& args);
int runConvert(const Args& args);
int runPackModel(const Args& args);
int runMakeDataset(const Args& args);
int runTrain(const Args& args);
int runTrainBackbone(const Args& args);
int runTrainVae(const Args& args);
int runEval(const Args& args);
int runFeatures(const Args& args);

}  // namespace aicl::cli
