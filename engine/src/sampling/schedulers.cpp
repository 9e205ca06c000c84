// Scheduler configs, the noise schedule, DDIM and DPM-Solver++ (multistep, orders 1-2), ported from diffusers
// (DDIMScheduler, DPMSolverMultistepScheduler). Where diffusers computes in numpy float64 (timestep spacing)
// we use double; where it uses float32 torch scalars we use float and the same torch kernels, so results
// match diffusers bit for bit on the same LibTorch.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <utility>

#include "core/json_file.h"
#include "sampling/scheduler.h"

namespace aicl {
namespace {

// ---- Reading scheduler_config.json ----

// Python's json module writes non-finite floats as bare NaN / Infinity / -Infinity (diffusers' DPM-Solver
// config has "lambda_min_clipped": -Infinity); JSON parsers reject them, so they travel as marked strings.
constexpr const char* kNonFiniteMark = "\x01nonfinite:";
constexpr const char* kNonFiniteMarkJson = "\\u0001nonfinite:";  // the same, escaped inside JSON text

void restoreNonFinite(nlohmann::json& value) {
  if (value.is_structured()) {
    for (auto& item : value) restoreNonFinite(item);
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.rfind(kNonFiniteMark, 0) != 0) return;
    const std::string word = text.substr(std::strlen(kNonFiniteMark));
    const double inf = std::numeric_limits<double>::infinity();
    value = word == "NaN" ? std::numeric_limits<double>::quiet_NaN() : word == "Infinity" ? inf : -inf;
  }
}

}  // namespace

nlohmann::json readConfigJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open for reading");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string cleaned;
  cleaned.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      cleaned += c;
      if (c == '\\' && i + 1 < text.size())
        cleaned += text[++i];
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    const char* word = nullptr;
    for (const char* candidate : {"-Infinity", "Infinity", "NaN"})
      if (text.compare(i, std::strlen(candidate), candidate) == 0) word = candidate;
    if (!word) {
      cleaned += c;
      continue;
    }
    cleaned += std::string("\"") + kNonFiniteMarkJson + word + "\"";
    i += std::strlen(word) - 1;
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(cleaned);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path.string() + ": malformed JSON (" + e.what() + ")");
  }
  restoreNonFinite(json);
  return json;
}

namespace {

template <typename E>
E jsonChoice(const nlohmann::json& json, const std::string& key, E fallback,
             std::initializer_list<std::pair<const char*, E>> choices, const std::string& source) {
  const auto it = json.find(key);
  if (it == json.end() || it->is_null()) return fallback;
  std::string expected;
  for (const auto& [name, value] : choices) {
    if (it->is_string() && it->get_ref<const std::string&>() == name) return value;
    expected += (expected.empty() ? "" : ", ") + std::string(name);
  }
  throw Error(source + ": key '" + key + "': unsupported value " + it->dump() + " (expected one of " +
              expected + ")");
}

void requireFalse(const nlohmann::json& json, const std::string& key, const std::string& source) {
  if (jsonValue<bool>(json, key, false, source))
    throw Error(source + ": key '" + key + "': true is not supported by this engine");
}

}  // namespace

SchedulerConfig SchedulerConfig::defaults(SchedulerKind kind) {
  SchedulerConfig config;
  config.kind = kind;
  if (kind == SchedulerKind::DpmSolverPP) config.timestep_spacing = TimestepSpacing::Linspace;
  return config;
}

SchedulerConfig SchedulerConfig::fromFile(const std::filesystem::path& path,
                                          std::optional<SchedulerKind> as) {
  return fromJson(readConfigJson(path), path.string(), as);
}

SchedulerConfig SchedulerConfig::fromJson(const nlohmann::json& json, const std::string& source,
                                          std::optional<SchedulerKind> as) {
  if (!json.is_object()) throw Error(source + ": expected a JSON object");
  SchedulerKind kind = SchedulerKind::Ddim;
  if (as) {
    kind = *as;
  } else {
    kind = jsonChoice<SchedulerKind>(
        json, "_class_name", SchedulerKind::Ddim,
        {{"DDIMScheduler", SchedulerKind::Ddim}, {"DPMSolverMultistepScheduler", SchedulerKind::DpmSolverPP}},
        source);
    if (!json.contains("_class_name")) throw Error(source + ": missing key '_class_name'");
  }
  SchedulerConfig c = defaults(kind);
  c.source = source;
  c.json = json;
  c.num_train_timesteps = jsonValue<int64_t>(json, "num_train_timesteps", c.num_train_timesteps, source);
  c.beta_start = jsonValue<double>(json, "beta_start", c.beta_start, source);
  c.beta_end = jsonValue<double>(json, "beta_end", c.beta_end, source);
  c.beta_schedule = jsonChoice(json, "beta_schedule", c.beta_schedule,
                               {{"linear", BetaSchedule::Linear},
                                {"scaled_linear", BetaSchedule::ScaledLinear},
                                {"squaredcos_cap_v2", BetaSchedule::SquaredCosCapV2}},
                               source);
  c.trained_betas = jsonValue<std::vector<double>>(json, "trained_betas", {}, source);
  c.rescale_betas_zero_snr =
      jsonValue<bool>(json, "rescale_betas_zero_snr", c.rescale_betas_zero_snr, source);
  c.prediction_type = jsonChoice(json, "prediction_type", c.prediction_type,
                                 {{"epsilon", PredictionType::Epsilon},
                                  {"v_prediction", PredictionType::VPrediction},
                                  {"sample", PredictionType::Sample}},
                                 source);
  c.timestep_spacing = jsonChoice(json, "timestep_spacing", c.timestep_spacing,
                                  {{"leading", TimestepSpacing::Leading},
                                   {"trailing", TimestepSpacing::Trailing},
                                   {"linspace", TimestepSpacing::Linspace}},
                                  source);
  c.steps_offset = jsonValue<int64_t>(json, "steps_offset", c.steps_offset, source);
  c.set_alpha_to_one = jsonValue<bool>(json, "set_alpha_to_one", c.set_alpha_to_one, source);
  c.clip_sample = jsonValue<bool>(json, "clip_sample", c.clip_sample, source);
  c.clip_sample_range = jsonValue<double>(json, "clip_sample_range", c.clip_sample_range, source);
  c.solver_order = jsonValue<int>(json, "solver_order", c.solver_order, source);
  c.lower_order_final = jsonValue<bool>(json, "lower_order_final", c.lower_order_final, source);
  c.euler_at_final = jsonValue<bool>(json, "euler_at_final", c.euler_at_final, source);
  c.final_sigmas_type =
      jsonChoice(json, "final_sigmas_type", c.final_sigmas_type,
                 {{"zero", FinalSigmas::Zero}, {"sigma_min", FinalSigmas::SigmaMin}}, source);
  c.lambda_min_clipped = jsonValue<double>(json, "lambda_min_clipped", c.lambda_min_clipped, source);
  c.frame_noise_correlation = jsonValue<double>(json, "frame_noise_correlation", c.frame_noise_correlation, source);

  if (c.num_train_timesteps < 1)
    throw Error(source + ": key 'num_train_timesteps': must be positive, got " +
                std::to_string(c.num_train_timesteps));
  if (!c.trained_betas.empty() && static_cast<int64_t>(c.trained_betas.size()) != c.num_train_timesteps)
    throw Error(source + ": key 'trained_betas': " + std::to_string(c.trained_betas.size()) +
                " values for num_train_timesteps " + std::to_string(c.num_train_timesteps));
  if (c.trained_betas.empty() && !(c.beta_start > 0 && c.beta_end > 0 && c.beta_end < 1))
    throw Error(source + ": keys 'beta_start'/'beta_end': expected 0 < beta < 1");
  if (c.steps_offset < 0) throw Error(source + ": key 'steps_offset': must not be negative");
  if (!(c.frame_noise_correlation >= 0.0 && c.frame_noise_correlation < 1.0))
    throw Error(source + ": key 'frame_noise_correlation': must be in [0, 1), got " +
                std::to_string(c.frame_noise_correlation));
  requireFalse(json, "thresholding", source);
  if (kind == SchedulerKind::DpmSolverPP) {
    // "deis" and the UniPC solver types are what diffusers itself maps to dpmsolver++ / midpoint.
    jsonChoice<int>(json, "algorithm_type", 0, {{"dpmsolver++", 0}, {"deis", 0}}, source);
    jsonChoice<int>(json, "solver_type", 0, {{"midpoint", 0}, {"logrho", 0}, {"bh1", 0}, {"bh2", 0}}, source);
    if (c.solver_order < 1 || c.solver_order > 2)
      throw Error(source + ": key 'solver_order': " + std::to_string(c.solver_order) +
                  " is not supported (1 or 2)");
    if (json.contains("variance_type") && !json.at("variance_type").is_null())
      throw Error(source + ": key 'variance_type': learned variance is not supported");
    for (const char* key : {"use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas",
                            "use_lu_lambdas", "use_flow_sigmas", "use_dynamic_shifting"})
      requireFalse(json, key, source);
  }
  return c;
}

SchedulerConfig SchedulerConfig::as(SchedulerKind other) const {
  if (other == kind) return *this;
  if (json.is_null()) {  // built in code: nothing tells written keys from defaults
    SchedulerConfig copy = *this;
    copy.kind = other;
    return copy;
  }
  return fromJson(json, source, other);
}

// ---- Noise schedule ----

namespace {

torch::Tensor rescaleZeroTerminalSnr(const torch::Tensor& betas) {
  auto sqrt_alphas_cumprod = torch::cumprod(1.0 - betas, 0).sqrt();
  const auto first = sqrt_alphas_cumprod[0].clone();
  const auto last = sqrt_alphas_cumprod[-1].clone();
  sqrt_alphas_cumprod -= last;
  sqrt_alphas_cumprod *= first / (first - last);
  const auto alphas_cumprod = sqrt_alphas_cumprod.pow(2);
  const auto alphas = torch::cat(
      {alphas_cumprod.slice(0, 0, 1), alphas_cumprod.slice(0, 1) / alphas_cumprod.slice(0, 0, -1)});
  return 1 - alphas;
}

torch::Tensor makeBetas(const SchedulerConfig& c) {
  const int64_t n = c.num_train_timesteps;
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  if (!c.trained_betas.empty()) return torch::tensor(c.trained_betas, torch::kFloat64).to(torch::kFloat32);
  switch (c.beta_schedule) {
    case BetaSchedule::Linear:
      return torch::linspace(c.beta_start, c.beta_end, n, f32);
    case BetaSchedule::ScaledLinear:
      return torch::linspace(std::pow(c.beta_start, 0.5), std::pow(c.beta_end, 0.5), n, f32).pow(2);
    case BetaSchedule::SquaredCosCapV2: {
      const auto alpha_bar = [](double t) { return std::pow(std::cos((t + 0.008) / 1.008 * M_PI / 2), 2.0); };
      std::vector<double> betas(n);
      for (int64_t i = 0; i < n; ++i) {
        const double t1 = static_cast<double>(i) / n, t2 = static_cast<double>(i + 1) / n;
        betas[i] = std::min(1 - alpha_bar(t2) / alpha_bar(t1), 0.999);
      }
      return torch::tensor(betas, torch::kFloat64).to(torch::kFloat32);
    }
  }
  throw Error(c.source + ": key 'beta_schedule': unsupported value");
}

// numpy's linspace(start, stop, num): start + i * step in double, the last value exactly `stop`.
std::vector<double> numpyLinspace(double start, double stop, int64_t num) {
  std::vector<double> values(num);
  const double step = num > 1 ? (stop - start) / static_cast<double>(num - 1) : 0.0;
  for (int64_t i = 0; i < num; ++i) values[i] = static_cast<double>(i) * step + start;
  if (num > 1) values.back() = stop;
  return values;
}

// numpy's arange(start, stop, step) for doubles: ceil((stop - start) / step) values start + i * delta, where
// delta is (start + step) - start as numpy computes it.
std::vector<double> numpyArange(double start, double stop, double step) {
  const auto count = static_cast<int64_t>(std::ceil((stop - start) / step));
  const double delta = (start + step) - start;
  std::vector<double> values;
  for (int64_t i = 0; i < count; ++i) values.push_back(start + static_cast<double>(i) * delta);
  return values;
}

// numpy's round: half to even (e.g. 166.5 -> 166), then astype(int64).
int64_t numpyRound(double value) { return static_cast<int64_t>(std::nearbyint(value)); }

void checkStepCount(int64_t steps, const SchedulerConfig& config) {
  if (steps < 1 || steps > config.num_train_timesteps)
    throw Error("scheduler (" + config.source + "): " + std::to_string(steps) +
                " inference steps, expected 1.." + std::to_string(config.num_train_timesteps));
}

// Scalar log/exp through LibTorch's float32 kernels (vectorised Sleef), as diffusers computes them on 0-dim
// tensors; libm may differ in the last bit.
float torchLog(float x) { return torch::log(torch::scalar_tensor(x, torch::kFloat32)).item<float>(); }
float torchExp(float x) { return torch::exp(torch::scalar_tensor(x, torch::kFloat32)).item<float>(); }

}  // namespace

NoiseSchedule::NoiseSchedule(const SchedulerConfig& config) {
  torch::NoGradGuard no_grad;
  betas = makeBetas(config);
  if (config.rescale_betas_zero_snr) betas = rescaleZeroTerminalSnr(betas);
  alphas_cumprod = torch::cumprod(1.0 - betas, 0);
  frame_noise_correlation = config.frame_noise_correlation;
}

float NoiseSchedule::alphaProd(int64_t t) const {
  if (t < 0 || t >= alphas_cumprod.size(0))
    throw Error("noise schedule: timestep " + std::to_string(t) + " outside 0.." +
                std::to_string(alphas_cumprod.size(0) - 1));
  return alphas_cumprod.accessor<float, 1>()[t];
}

namespace {
// alphas_cumprod[timesteps] in `like`'s dtype and device, shaped [B, 1, ...] to broadcast over `like`.
torch::Tensor alphaProdsFor(const torch::Tensor& alphas_cumprod, const torch::Tensor& timesteps,
                            const torch::Tensor& like) {
  auto a =
      alphas_cumprod.to(like.device(), like.scalar_type()).index({timesteps.to(like.device()).flatten()});
  std::vector<int64_t> shape(like.dim(), 1);
  shape[0] = a.size(0);
  return a.view(shape);
}
}  // namespace

torch::Tensor NoiseSchedule::addNoise(const torch::Tensor& original, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const {
  const auto a = alphaProdsFor(alphas_cumprod, timesteps, original);
  return a.pow(0.5) * original + (1 - a).pow(0.5) * noise;
}

torch::Tensor NoiseSchedule::velocity(const torch::Tensor& original, const torch::Tensor& noise,
                                      const torch::Tensor& timesteps) const {
  const auto a = alphaProdsFor(alphas_cumprod, timesteps, original);
  return a.pow(0.5) * noise - (1 - a).pow(0.5) * original;
}

void Scheduler::setEta(double eta, std::shared_ptr<NoiseStreams> noise) {
  if (eta != 0.0) throw Error("scheduler (" + config_.source + "): eta > 0 is supported by DDIM only");
}

// ---- DDIM ----

namespace {

class DdimScheduler final : public Scheduler {
 public:
  explicit DdimScheduler(const SchedulerConfig& config)
      : Scheduler(config), final_alpha_prod_(config.set_alpha_to_one ? 1.0f : schedule_.alphaProd(0)) {}

  SchedulerKind kind() const override { return SchedulerKind::Ddim; }

  void setTimesteps(int64_t steps) override {
    checkStepCount(steps, config_);
    const int64_t train = config_.num_train_timesteps;
    timesteps_.clear();
    switch (config_.timestep_spacing) {
      case TimestepSpacing::Linspace:
        for (double t : numpyLinspace(0, static_cast<double>(train - 1), steps))
          timesteps_.push_back(numpyRound(t));
        std::reverse(timesteps_.begin(), timesteps_.end());
        break;
      case TimestepSpacing::Leading:
        for (int64_t i = steps - 1; i >= 0; --i)
          timesteps_.push_back(i * (train / steps) + config_.steps_offset);
        break;
      case TimestepSpacing::Trailing:
        for (double t : numpyArange(static_cast<double>(train), 0, -static_cast<double>(train) / steps))
          timesteps_.push_back(numpyRound(t) - 1);
        break;
    }
    steps_ = steps;
  }

  void reset() override {}

  void setEta(double eta, std::shared_ptr<NoiseStreams> noise) override {
    if (eta < 0) throw Error("DDIM: eta must not be negative");
    if (eta > 0 && !noise) throw Error("DDIM: eta > 0 needs noise streams");
    eta_ = eta;
    noise_ = std::move(noise);
  }

  SchedulerStep step(const torch::Tensor& model_output, int64_t t, const torch::Tensor& sample) override {
    if (steps_ == 0) throw Error("DDIM: setTimesteps must come before step");
    // diffusers' DDIM steps by num_train_timesteps / steps whatever the spacing.
    const int64_t prev_t = t - config_.num_train_timesteps / steps_;
    const float alpha = schedule_.alphaProd(t);
    const float alpha_prev = prev_t >= 0 ? schedule_.alphaProd(prev_t) : final_alpha_prod_;
    const float beta = 1.0f - alpha;
    const double sqrt_alpha = std::sqrt(alpha), sqrt_beta = std::sqrt(beta);

    torch::Tensor original, epsilon;
    switch (config_.prediction_type) {
      case PredictionType::Epsilon:
        original = (sample - model_output * sqrt_beta) / sqrt_alpha;
        epsilon = model_output;
        break;
      case PredictionType::Sample:
        original = model_output;
        epsilon = (sample - original * sqrt_alpha) / sqrt_beta;
        break;
      case PredictionType::VPrediction:
        original = sample * sqrt_alpha - model_output * sqrt_beta;
        epsilon = model_output * sqrt_alpha + sample * sqrt_beta;
        break;
    }
    if (config_.clip_sample) original = original.clamp(-config_.clip_sample_range, config_.clip_sample_range);

    const float variance = ((1.0f - alpha_prev) / beta) * (1.0f - alpha / alpha_prev);
    const float std_dev = static_cast<float>(eta_) * std::sqrt(variance);
    const float direction_scale = std::sqrt(1.0f - alpha_prev - std_dev * std_dev);
    auto prev = original * static_cast<double>(std::sqrt(alpha_prev)) + epsilon * direction_scale;
    if (eta_ > 0) {
      if (noise_->size() != model_output.size(0))
        throw Error("DDIM: " + std::to_string(noise_->size()) + " noise streams for a batch of " +
                    std::to_string(model_output.size(0)));
      prev = prev +
             noise_->next(model_output.sizes().slice(1), model_output.scalar_type(), model_output.device()) *
                 static_cast<double>(std_dev);
    }
    return {prev, original};
  }

 private:
  float final_alpha_prod_;
  int64_t steps_ = 0;
  double eta_ = 0.0;
  std::shared_ptr<NoiseStreams> noise_;
};

// ---- DPM-Solver++ (multistep) ----

class DpmSolverScheduler final : public Scheduler {
 public:
  explicit DpmSolverScheduler(const SchedulerConfig& config) : Scheduler(config) {
    if (config.rescale_betas_zero_snr) {  // close to 0 but not 0, so the first sigma is finite (as diffusers)
      schedule_.alphas_cumprod = schedule_.alphas_cumprod.clone();
      schedule_.alphas_cumprod[-1] = std::pow(2.0, -24);
    }
  }

  SchedulerKind kind() const override { return SchedulerKind::DpmSolverPP; }

  void setTimesteps(int64_t steps) override {
    checkStepCount(steps, config_);
    torch::NoGradGuard no_grad;
    const auto& alphas_cumprod = schedule_.alphas_cumprod;
    const int64_t train = config_.num_train_timesteps;
    // Clip the smallest log-SNRs (lambda_min_clipped, -inf by default) for numerical stability.
    const auto lambdas = torch::log(alphas_cumprod.sqrt()) - torch::log((1 - alphas_cumprod).sqrt());
    const int64_t clipped =
        torch::searchsorted(lambdas.flip({0}), config_.lambda_min_clipped).item<int64_t>();
    const int64_t last = train - clipped;

    timesteps_.clear();
    switch (config_.timestep_spacing) {
      case TimestepSpacing::Linspace: {
        const auto values = numpyLinspace(0, static_cast<double>(last - 1), steps + 1);
        for (int64_t i = steps; i >= 1; --i) timesteps_.push_back(numpyRound(values[i]));
        break;
      }
      case TimestepSpacing::Leading:
        for (int64_t i = steps; i >= 1; --i)
          timesteps_.push_back(i * (last / (steps + 1)) + config_.steps_offset);
        break;
      case TimestepSpacing::Trailing:
        for (double t : numpyArange(static_cast<double>(last), 0, -static_cast<double>(train) / steps))
          timesteps_.push_back(numpyRound(t) - 1);
        break;
    }

    const auto all_sigmas = ((1 - alphas_cumprod) / alphas_cumprod).pow(0.5).contiguous();
    const auto sigma_of = all_sigmas.accessor<float, 1>();
    sigmas_.clear();
    for (int64_t t : timesteps_)
      sigmas_.push_back(sigma_of[std::clamp<int64_t>(t, 0, train - 1)]);  // np.interp
    sigmas_.push_back(config_.final_sigmas_type == FinalSigmas::Zero ? 0.0f : sigma_of[0]);
    reset();
  }

  std::vector<float> sigmas() const override { return sigmas_; }

  void reset() override {
    step_index_ = -1;
    lower_order_count_ = 0;
    previous_original_ = torch::Tensor();
  }

  SchedulerStep step(const torch::Tensor& model_output, int64_t t, const torch::Tensor& sample) override {
    if (timesteps_.empty()) throw Error("DPM-Solver++: setTimesteps must come before step");
    const auto count = static_cast<int64_t>(timesteps_.size());
    if (step_index_ < 0) {
      step_index_ = findFirstIndex(t);
    } else if (step_index_ >= count || timesteps_[step_index_] != t) {
      throw Error(
          "DPM-Solver++: step at timestep " + std::to_string(t) + ", expected " +
          (step_index_ < count ? std::to_string(timesteps_[step_index_]) : std::string("none (done)")));
    }
    const int64_t i = step_index_;
    // Lower orders near the end improve stability; the final step to sigma = 0 must be first order.
    const bool lower_order_final =
        i == count - 1 && (config_.euler_at_final || (config_.lower_order_final && count < 15) ||
                           config_.final_sigmas_type == FinalSigmas::Zero);

    const auto original = convertModelOutput(model_output, sample, sigmas_[i]);
    const auto sample32 = sample.to(torch::kFloat32);
    torch::Tensor prev;
    if (config_.solver_order == 1 || lower_order_count_ < 1 || lower_order_final)
      prev = firstOrderUpdate(original, sample32, i);
    else
      prev = secondOrderUpdate(original, previous_original_, sample32, i);
    previous_original_ = original;
    if (lower_order_count_ < config_.solver_order) ++lower_order_count_;
    ++step_index_;
    return {prev.to(model_output.scalar_type()), original};
  }

 private:
  struct AlphaSigma {
    float alpha, sigma, lambda;
  };
  static AlphaSigma alphaSigma(float sigma) {
    const float alpha = 1.0f / std::sqrt(sigma * sigma + 1.0f);
    const float sigma_t = sigma * alpha;
    return {alpha, sigma_t, torchLog(alpha) - torchLog(sigma_t)};
  }

  // As diffusers: the first step may start anywhere in the schedule; with duplicates it takes the second.
  int64_t findFirstIndex(int64_t t) const {
    std::vector<int64_t> found;
    for (size_t k = 0; k < timesteps_.size(); ++k)
      if (timesteps_[k] == t) found.push_back(static_cast<int64_t>(k));
    if (found.empty()) throw Error("DPM-Solver++: timestep " + std::to_string(t) + " is not in the schedule");
    return found.size() > 1 ? found[1] : found[0];
  }

  // DPM-Solver++ integrates the data prediction x0.
  torch::Tensor convertModelOutput(const torch::Tensor& model_output, const torch::Tensor& sample,
                                   float sigma) const {
    const auto s = alphaSigma(sigma);
    switch (config_.prediction_type) {
      case PredictionType::Epsilon:
        return (sample - model_output * static_cast<double>(s.sigma)) / static_cast<double>(s.alpha);
      case PredictionType::VPrediction:
        return sample * static_cast<double>(s.alpha) - model_output * static_cast<double>(s.sigma);
      case PredictionType::Sample:
        return model_output;
    }
    return model_output;
  }

  torch::Tensor firstOrderUpdate(const torch::Tensor& m0, const torch::Tensor& sample, int64_t i) const {
    const auto t = alphaSigma(sigmas_[i + 1]), s = alphaSigma(sigmas_[i]);
    const float h = t.lambda - s.lambda;
    return sample * static_cast<double>(t.sigma / s.sigma) -
           m0 * static_cast<double>(t.alpha * (torchExp(-h) - 1.0f));
  }

  torch::Tensor secondOrderUpdate(const torch::Tensor& m0, const torch::Tensor& m1,
                                  const torch::Tensor& sample, int64_t i) const {
    const auto t = alphaSigma(sigmas_[i + 1]), s0 = alphaSigma(sigmas_[i]), s1 = alphaSigma(sigmas_[i - 1]);
    const float h = t.lambda - s0.lambda, h0 = s0.lambda - s1.lambda;
    const float r0 = h0 / h;
    const auto d1 = (m0 - m1) * static_cast<double>(1.0f / r0);
    const float decay = t.alpha * (torchExp(-h) - 1.0f);
    // Midpoint solver.
    return sample * static_cast<double>(t.sigma / s0.sigma) - m0 * static_cast<double>(decay) -
           d1 * static_cast<double>(0.5f * decay);
  }

  std::vector<float> sigmas_;
  int64_t step_index_ = -1;
  int lower_order_count_ = 0;
  torch::Tensor previous_original_;
};

}  // namespace

std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& config) {
  return makeScheduler(config, config.kind);
}

std::unique_ptr<Scheduler> makeScheduler(const SchedulerConfig& config, SchedulerKind kind) {
  const SchedulerConfig own = config.as(kind);
  if (kind == SchedulerKind::DpmSolverPP) return std::make_unique<DpmSolverScheduler>(own);
  return std::make_unique<DdimScheduler>(own);
}

}  // namespace aicl
