#include "train/train_loop.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>

#include <algorithm>
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

// A CSV keeps its header and the rows up to `step` (a resumed run rewrites what came after its checkpoint).
void truncateCsv(const fs::path& path, int64_t step) {
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

// Opens a CSV for appending: a fresh run starts it with its header, a resumed one keeps the rows up to its step.
std::ofstream openCsv(const fs::path& path, const char* header, bool resume, int64_t step) {
  if (resume) truncateCsv(path, step);
  if (!resume || !fs::exists(path)) std::ofstream(path, std::ios::trunc) << header << '\n';
  return std::ofstream(path, std::ios::app);
}

std::string csvNumber(const std::optional<double>& value) {
  if (!value) return {};
  std::ostringstream out;
  out.precision(7);
  out << *value;
  return out.str();
}

// Autocast is thread-local state: switched on around the forward pass only.
class CpuAutocast {
 public:
  explicit CpuAutocast(bool enable) : on_(enable) {
    if (!on_) return;
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
  }
  ~CpuAutocast() {
    if (!on_) return;
    at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
  }
  CpuAutocast(const CpuAutocast&) = delete;
  CpuAutocast& operator=(const CpuAutocast&) = delete;

 private:
  bool on_;
};

}  // namespace

std::vector<std::pair<std::string, torch::Tensor>> namedParameters(torch::nn::Module& module, const std::string& prefix) {
  std::vector<std::pair<std::string, torch::Tensor>> named;
  for (const auto& item : module.named_parameters()) named.emplace_back(prefix + item.key(), item.value());
  return named;
}

std::optional<double> ValidationRow::referenceGain() const {
  if (!loss_aicl || loss_backbone <= 0.0) return std::nullopt;
  return 1.0 - *loss_aicl / loss_backbone;
}

double learningRate(const TrainOptions& options, int64_t step) {
  if (options.warmup_steps > 0 && step < options.warmup_steps)
    return options.lr * static_cast<double>(step + 1) / static_cast<double>(options.warmup_steps);
  if (options.decay_from < 0 || step < options.decay_from || options.steps <= options.decay_from) return options.lr;
  const double progress = static_cast<double>(step - options.decay_from) / static_cast<double>(options.steps - options.decay_from);
  const double floor = 0.1;
  return options.lr * (floor + (1.0 - floor) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

double emaDecay(const TrainOptions& options, int64_t step) {
  const double t = static_cast<double>(step);
  return std::min(options.ema_decay, (1.0 + t) / (static_cast<double>(std::max<int64_t>(options.ema_warmup, 1)) + t));
}

TrainingSession::TrainingSession(TrainingTask& task, const TrainOptions& options)
    : task_(task), options_(options), group_(DataParallel::create(options.distributed)) {
  if (options.steps < 1 || options.batch < 1) throw Error("training needs at least 1 step and a batch of at least 1");
  if (options.batch % group_->worldSize() != 0)
    throw Error("--batch " + std::to_string(options.batch) + " must be a multiple of the world size " +
                std::to_string(group_->worldSize()));
  if (options.ema_decay < 0.0 || options.ema_decay >= 1.0)
    throw Error("--ema-decay must be in [0, 1), got " + std::to_string(options.ema_decay));
  // One AdamW parameter group per learning-rate multiplier (one group when every multiplier is 1).
  std::vector<std::vector<torch::Tensor>> grouped;
  for (const auto& [name, parameter] : task.trainableParameters()) {
    names_.push_back(name);
    parameters_.push_back(parameter);
    const double multiplier = task.learningRateMultiplier(name);
    auto slot = std::find(lr_multipliers_.begin(), lr_multipliers_.end(), multiplier);
    if (slot == lr_multipliers_.end()) {
      lr_multipliers_.push_back(multiplier);
      grouped.emplace_back();
      slot = lr_multipliers_.end() - 1;
    }
    grouped[static_cast<size_t>(slot - lr_multipliers_.begin())].push_back(parameter);
  }
  const auto defaults = torch::optim::AdamWOptions(options.lr).betas({options.beta1, options.beta2}).weight_decay(options.weight_decay);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (auto& members : grouped)
    groups.emplace_back(members, std::make_unique<torch::optim::AdamWOptions>(defaults));
  optimizer_ = std::make_unique<torch::optim::AdamW>(std::move(groups), defaults);
  if (options.ema_decay > 0.0) {
    torch::NoGradGuard no_grad;
    for (const auto& parameter : parameters_) ema_.push_back(parameter.detach().to(torch::kFloat32).clone());
  }
}

TrainingSession::~TrainingSession() = default;

void TrainingSession::saveCheckpoint(int64_t step) {
  const auto& out = options_.out;
  const auto final_dir = out / "checkpoint";
  const auto temp_dir = out / "checkpoint.tmp";
  fs::remove_all(temp_dir);
  fs::create_directories(temp_dir);
  std::map<std::string, torch::Tensor> weights, moments, ema;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const auto& name = names_[i];
    const auto& parameter = parameters_[i];
    weights[name] = parameter.detach();
    if (!ema_.empty()) ema[name] = ema_[i];
    auto it = optimizer_->state().find(stateKey(parameter));
    if (it == optimizer_->state().end()) continue;
    auto& state = static_cast<torch::optim::AdamWParamState&>(*it->second);
    moments[name + ".exp_avg"] = state.exp_avg();
    moments[name + ".exp_avg_sq"] = state.exp_avg_sq();
    moments[name + ".step"] = torch::tensor(state.step(), torch::kLong);
  }
  saveTensors(temp_dir / "weights.safetensors", weights);
  saveTensors(temp_dir / "optimizer.safetensors", moments);
  if (!ema.empty()) saveTensors(temp_dir / "ema.safetensors", ema);
  writeJsonFile(temp_dir / "state.json", {{"step", step}});
  // Swap in the complete folder: a crash leaves either the old or the new checkpoint, never half of one.
  const auto old_dir = out / "checkpoint.old";
  fs::remove_all(old_dir);
  if (fs::exists(final_dir)) fs::rename(final_dir, old_dir);
  fs::rename(temp_dir, final_dir);
  fs::remove_all(old_dir);
}

int64_t TrainingSession::resume() {
  const auto& out = options_.out;
  auto dir = out / "checkpoint";
  if (!fs::exists(dir) && fs::exists(out / "checkpoint.old")) dir = out / "checkpoint.old";  // crashed mid-swap
  if (!fs::exists(dir / "state.json")) throw Error((out / "checkpoint").string() + ": no checkpoint to resume from");
  const auto state = readJsonFile(dir / "state.json");
  const int64_t step = jsonRequired<int64_t>(state, "step", dir / "state.json");
  const auto weights = loadTensors(dir / "weights.safetensors");
  // A checkpoint carried without its optimizer state (to keep it small) resumes with fresh AdamW moments.
  std::map<std::string, torch::Tensor> moments, ema;
  if (fs::exists(dir / "optimizer.safetensors")) {
    moments = loadTensors(dir / "optimizer.safetensors");
  } else {
    logger()->warn("{}: no optimizer state; AdamW moments start afresh (the run is no longer bit-exact)", dir.string());
  }
  if (!ema_.empty()) {
    if (fs::exists(dir / "ema.safetensors"))
      ema = loadTensors(dir / "ema.safetensors");
    else
      logger()->warn("{}: no EMA weights; the average starts from the checkpoint's weights", dir.string());
  }
  auto checkedShape = [&](const fs::path& file, const std::string& name, const torch::Tensor& stored, const torch::Tensor& expected) {
    if (stored.sizes() != expected.sizes())
      throw Error(file.string() + ": wrong shape for " + name + ": got " + c10::str(stored.sizes()) + ", expected " +
                  c10::str(expected.sizes()));
  };
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    const auto& name = names_[i];
    auto& parameter = parameters_[i];
    auto it = weights.find(name);
    if (it == weights.end() && task_.mayBeAbsentFromCheckpoint(name)) {
      logger()->warn("{}: no '{}' (new in this recipe); it starts from its initialisation",
                     (dir / "weights.safetensors").string(), name);
      continue;
    }
    if (it == weights.end()) throw Error((dir / "weights.safetensors").string() + ": missing key '" + name + "'");
    checkedShape(dir / "weights.safetensors", name, it->second, parameter);
    parameter.copy_(it->second);
    if (!ema_.empty()) {
      auto average = ema.find(name);
      if (average != ema.end()) checkedShape(dir / "ema.safetensors", name, average->second, parameter);
      ema_[i].copy_(average != ema.end() ? average->second : it->second);
    }
    auto avg = moments.find(name + ".exp_avg");
    if (avg == moments.end()) continue;
    auto moment = std::make_unique<torch::optim::AdamWParamState>();
    moment->exp_avg(avg->second.to(parameter.options()).clone());
    moment->exp_avg_sq(moments.at(name + ".exp_avg_sq").to(parameter.options()).clone());
    moment->step(moments.at(name + ".step").item<int64_t>());
    optimizer_->state()[stateKey(parameter)] = std::move(moment);
  }
  return step;
}

double TrainingSession::step(int64_t step) {
  const double lr = learningRate(options_, step);
  auto& groups = optimizer_->param_groups();
  for (size_t g = 0; g < groups.size(); ++g)
    static_cast<torch::optim::AdamWOptions&>(groups[g].options()).lr(lr * lr_multipliers_[g]);
  optimizer_->zero_grad();
  auto generator = stepGenerator(options_.seed, step);
  const int64_t share = options_.batch / group_->worldSize();
  torch::Tensor loss;
  {
    CpuAutocast autocast(options_.bf16);
    loss = task_.loss(step, group_->rank() * share, share, options_.batch, generator).to(torch::kFloat32);
  }
  const double value = loss.item<double>();
  if (!std::isfinite(value))
    throw Error("training diverged at step " + std::to_string(step + 1) + " (loss " + std::to_string(value) + ")");
  loss.backward();
  group_->averageGradients(parameters_);
  if (options_.clip_grad_norm > 0) torch::nn::utils::clip_grad_norm_(parameters_, options_.clip_grad_norm);
  optimizer_->step();
  if (!ema_.empty()) {
    torch::NoGradGuard no_grad;
    const double decay = emaDecay(options_, step);
    for (size_t i = 0; i < ema_.size(); ++i) ema_[i].mul_(decay).add_(parameters_[i].detach(), 1.0 - decay);
  }
  return group_->averageScalar(value);
}

void TrainingSession::withEvaluationWeights(const std::function<void()>& work) {
  if (ema_.empty()) return work();
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> trained;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    trained.push_back(parameters_[i].detach().clone());
    parameters_[i].copy_(ema_[i]);
  }
  struct Restore {
    std::vector<torch::Tensor>& parameters;
    std::vector<torch::Tensor>& trained;
    ~Restore() {
      torch::NoGradGuard no_grad;
      for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(trained[i]);
    }
  } restore{parameters_, trained};
  work();
}

TrainResult runTraining(TrainingTask& task, const TrainOptions& options,
                        const std::function<void(const TrainProgress&)>& progress,
                        const std::function<bool()>& cancelled) {
  TrainingSession session(task, options);
  auto& group = session.group();
  fs::create_directories(options.out);
  TrainResult result;
  if (options.resume) result.first_step = session.resume();
  {
    std::vector<torch::Tensor> parameters;
    for (const auto& [name, parameter] : task.trainableParameters()) parameters.push_back(parameter);
    group.broadcastParameters(parameters);
  }

  std::ofstream csv, validation_csv;
  if (group.isMain()) {
    csv = openCsv(options.out / "loss.csv", "step,loss,lr,seconds", options.resume, result.first_step);
    if (options.validate_every > 0)
      validation_csv = openCsv(options.out / "validation.csv", kValidationCsvHeader, options.resume, result.first_step);
  }
  // Validation runs on every rank (the same fixed set); the main rank writes it.
  auto validate = [&](int64_t step) {
    std::vector<ValidationRow> rows;
    session.withEvaluationWeights([&] {
      torch::NoGradGuard no_grad;
      CpuAutocast autocast(options.bf16);
      rows = task.validate();
    });
    if (!group.isMain()) return;
    for (const auto& row : rows)
      validation_csv << step << ',' << row.split << ',' << row.t_min << ',' << row.t_max << ','
                     << csvNumber(row.loss_backbone) << ',' << csvNumber(row.loss_aicl) << ','
                     << csvNumber(row.referenceGain()) << '\n';
    validation_csv.flush();
  };
  if (options.validate_every > 0 && result.first_step == 0) validate(0);

  const auto start = std::chrono::steady_clock::now();
  int64_t step = result.first_step;
  while (step < options.steps) {
    if (cancelled && cancelled()) {
      result.cancelled = true;
      break;
    }
    const double mean_loss = session.step(step);
    ++step;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.final_loss = mean_loss;
    if (group.isMain()) csv << step << ',' << mean_loss << ',' << learningRate(options, step - 1) << ',' << seconds << std::endl;
    if (progress) progress({step, options.steps, mean_loss, seconds, static_cast<double>(step - result.first_step) / seconds});
    if (options.validate_every > 0 && (step % options.validate_every == 0 || step == options.steps)) validate(step);
    if (group.isMain() && (step % options.checkpoint_every == 0 || step == options.steps)) session.saveCheckpoint(step);
  }
  if (result.cancelled && group.isMain()) session.saveCheckpoint(step);
  result.steps = step;
  result.frozen_tensors_verified = task.verifyFrozen();
  if (group.isMain() && !result.cancelled) session.withEvaluationWeights([&] { task.exportModel(options.out / "model"); });
  group.barrier();
  return result;
}

}  // namespace aicl::train
