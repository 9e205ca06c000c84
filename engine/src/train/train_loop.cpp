#include "train/train_loop.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "aicl/logging.h"
#include "core/json_file.h"
#include "io/weight_loader.h"

namespace aicl::train {
namespace fs = std::filesystem;

TrainOptions defaultTrainOptions() { return {}; }

at::Generator stepGenerator(uint64_t seed, int64_t step, uint64_t stream) {
  // splitmix64 of the three, so neighbouring steps get unrelated streams.
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(step) * 0xBF58476D1CE4E5B9ull + stream * 0x94D049BB133111EBull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return at::detail::createCPUGenerator(z ^ (z >> 31));
}

namespace {

std::string stateKey(const torch::Tensor& parameter) { return c10::guts::to_string(parameter.unsafeGetTensorImpl()); }

void saveCheckpoint(const fs::path& out, int64_t step, TrainingTask& task, torch::optim::AdamW& optimizer) {
  const auto final_dir = out / "checkpoint";
  const auto temp_dir = out / "checkpoint.tmp";
  fs::remove_all(temp_dir);
  fs::create_directories(temp_dir);
  std::map<std::string, torch::Tensor> weights, moments;
  const auto named = task.trainableParameters();
  for (size_t i = 0; i < named.size(); ++i) {
    const auto& [name, parameter] = named[i];
    weights[name] = parameter.detach();
    auto it = optimizer.state().find(stateKey(parameter));
    if (it == optimizer.state().end()) continue;
    auto& state = static_cast<torch::optim::AdamWParamState&>(*it->second);
    moments[name + ".exp_avg"] = state.exp_avg();
    moments[name + ".exp_avg_sq"] = state.exp_avg_sq();
    moments[name + ".step"] = torch::tensor(state.step(), torch::kLong);
  }
  saveTensors(temp_dir / "weights.safetensors", weights);
  saveTensors(temp_dir / "optimizer.safetensors", moments);
  writeJsonFile(temp_dir / "state.json", {{"step", step}});
  // Swap in the complete folder: a crash leaves either the old or the new checkpoint, never half of one.
  const auto old_dir = out / "checkpoint.old";
  fs::remove_all(old_dir);
  if (fs::exists(final_dir)) fs::rename(final_dir, old_dir);
  fs::rename(temp_dir, final_dir);
  fs::remove_all(old_dir);
}

int64_t loadCheckpoint(const fs::path& out, TrainingTask& task, torch::optim::AdamW& optimizer) {
  auto dir = out / "checkpoint";
  if (!fs::exists(dir) && fs::exists(out / "checkpoint.old")) dir = out / "checkpoint.old";  // crashed mid-swap
  if (!fs::exists(dir / "state.json")) throw Error((out / "checkpoint").string() + ": no checkpoint to resume from");
  const auto state = readJsonFile(dir / "state.json");
  const int64_t step = jsonRequired<int64_t>(state, "step", dir / "state.json");
  const auto weights = loadTensors(dir / "weights.safetensors");
  // A checkpoint carried without its optimizer state (to keep it small) resumes with fresh AdamW moments.
  std::map<std::string, torch::Tensor> moments;
  if (std::filesystem::exists(dir / "optimizer.safetensors")) {
    moments = loadTensors(dir / "optimizer.safetensors");
  } else {
    logger()->warn("{}: no optimizer state; AdamW moments start afresh (the run is no longer bit-exact)", dir.string());
  }
  torch::NoGradGuard no_grad;
  for (const auto& [name, parameter] : task.trainableParameters()) {
    auto it = weights.find(name);
    if (it == weights.end()) throw Error((dir / "weights.safetensors").string() + ": missing key '" + name + "'");
    if (it->second.sizes() != parameter.sizes())
      throw Error((dir / "weights.safetensors").string() + ": wrong shape for " + name + ": got " +
                  c10::str(it->second.sizes()) + ", expected " + c10::str(parameter.sizes()));
    parameter.copy_(it->second);
    auto avg = moments.find(name + ".exp_avg");
    if (avg == moments.end()) continue;
    auto moment = std::make_unique<torch::optim::AdamWParamState>();
    moment->exp_avg(avg->second.to(parameter.options()).clone());
    moment->exp_avg_sq(moments.at(name + ".exp_avg_sq").to(parameter.options()).clone());
    moment->step(moments.at(name + ".step").item<int64_t>());
    optimizer.state()[stateKey(parameter)] = std::move(moment);
  }
  return step;
}

// loss.csv keeps the rows up to `step` (a resumed run rewrites what came after its checkpoint).
void truncateLossCsv(const fs::path& path, int64_t step) {
  std::ifstream in(path);
  if (!in) return;
  std::stringstream kept;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header || (!line.empty() && std::stoll(line.substr(0, line.find(','))) <= step)) kept << line << '\n';
    header = false;
  }
  in.close();
  std::ofstream(path, std::ios::trunc) << kept.str();
}

}  // namespace

double learningRate(const TrainOptions& options, int64_t step) {
  if (options.warmup_steps > 0 && step < options.warmup_steps)
    return options.lr * static_cast<double>(step + 1) / static_cast<double>(options.warmup_steps);
  if (options.decay_from < 0 || step < options.decay_from || options.steps <= options.decay_from) return options.lr;
  const double progress = static_cast<double>(step - options.decay_from) / static_cast<double>(options.steps - options.decay_from);
  const double floor = 0.1;
  return options.lr * (floor + (1.0 - floor) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

TrainResult runTraining(TrainingTask& task, const TrainOptions& options,
                        const std::function<void(const TrainProgress&)>& progress,
                        const std::function<bool()>& cancelled) {
  if (options.steps < 1 || options.batch < 1) throw Error("training needs at least 1 step and a batch of at least 1");
  auto group = DataParallel::create(options.distributed);
  const int64_t world = group->worldSize(), rank = group->rank();
  if (options.batch % world != 0)
    throw Error("--batch " + std::to_string(options.batch) + " must be a multiple of the world size " + std::to_string(world));
  fs::create_directories(options.out);

  std::vector<torch::Tensor> parameters;
  for (const auto& [name, parameter] : task.trainableParameters()) parameters.push_back(parameter);
  torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(options.lr)
                                                .betas({options.beta1, options.beta2})
                                                .weight_decay(options.weight_decay));
  TrainResult result;
  if (options.resume) result.first_step = loadCheckpoint(options.out, task, optimizer);
  group->broadcastParameters(parameters);

  const auto csv_path = options.out / "loss.csv";
  if (group->isMain()) {
    if (options.resume) truncateLossCsv(csv_path, result.first_step);
    if (!options.resume || !fs::exists(csv_path)) std::ofstream(csv_path, std::ios::trunc) << "step,loss,lr,seconds\n";
  }
  std::ofstream csv;
  if (group->isMain()) csv.open(csv_path, std::ios::app);

  const int64_t share = options.batch / world;
  const auto start = std::chrono::steady_clock::now();
  int64_t step = result.first_step;
  while (step < options.steps) {
    if (cancelled && cancelled()) {
      result.cancelled = true;
      break;
    }
    const double lr = learningRate(options, step);
    for (auto& group_options : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group_options.options()).lr(lr);
    optimizer.zero_grad();
    auto generator = stepGenerator(options.seed, step);
    torch::Tensor loss;
    {
      // Autocast is thread-local state: switched on around the forward pass only.
      struct Autocast {
        bool on;
        explicit Autocast(bool enable) : on(enable) {
          if (!on) return;
          at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
          at::autocast::set_cpu_enabled(true);
        }
        ~Autocast() {
          if (!on) return;
          at::autocast::set_cpu_enabled(false);
          at::autocast::clear_cache();
        }
      } autocast(options.bf16);
      loss = task.loss(step, rank * share, share, options.batch, generator).to(torch::kFloat32);
    }
    if (!torch::isfinite(loss).item<bool>())
      throw Error("training diverged at step " + std::to_string(step + 1) + " (loss " + std::to_string(loss.item<double>()) + ")");
    loss.backward();
    group->averageGradients(parameters);
    if (options.clip_grad_norm > 0) torch::nn::utils::clip_grad_norm_(parameters, options.clip_grad_norm);
    optimizer.step();
    ++step;
    const double mean_loss = group->averageScalar(loss.item<double>());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.final_loss = mean_loss;
    if (group->isMain()) csv << step << ',' << mean_loss << ',' << lr << ',' << seconds << std::endl;
    if (progress) progress({step, options.steps, mean_loss, seconds, static_cast<double>(step - result.first_step) / seconds});
    if (group->isMain() && (step % options.checkpoint_every == 0 || step == options.steps))
      saveCheckpoint(options.out, step, task, optimizer);
  }
  if (result.cancelled && group->isMain()) saveCheckpoint(options.out, step, task, optimizer);
  result.steps = step;
  result.frozen_tensors_verified = task.verifyFrozen();
  if (group->isMain() && !result.cancelled) task.exportModel(options.out / "model");
  group->barrier();
  return result;
}

}  // namespace aicl::train
