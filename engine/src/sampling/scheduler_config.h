#pragma once
// The settings of a diffusers noise scheduler (scheduler_config.json of DDIMScheduler or
// DPMSolverMultistepScheduler): the training noise schedule plus the sampler's own options.
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aicl/pipeline.h"

namespace aicl {

enum class BetaSchedule { Linear, ScaledLinear, SquaredCosCapV2 };
enum class PredictionType { Epsilon, VPrediction, Sample };
enum class TimestepSpacing { Leading, Trailing, Linspace };
enum class FinalSigmas { Zero, SigmaMin };

// Field names and defaults follow diffusers. Defaults depend on the class: DDIM spaces timesteps "leading",
// DPM-Solver "linspace", so a file is read with the defaults of the class it is parsed for.
struct SchedulerConfig {
  SchedulerKind kind = SchedulerKind::Ddim;  // "_class_name"
  int64_t num_train_timesteps = 1000;
  double beta_start = 0.0001;
  double beta_end = 0.02;
  BetaSchedule beta_schedule = BetaSchedule::Linear;
  std::vector<double> trained_betas;  // when not empty, used instead of beta_schedule
  bool rescale_betas_zero_snr = false;
  PredictionType prediction_type = PredictionType::Epsilon;
  TimestepSpacing timestep_spacing = TimestepSpacing::Leading;
  int64_t steps_offset = 0;
  // DDIM only.
  bool set_alpha_to_one = true;
  bool clip_sample = true;
  double clip_sample_range = 1.0;
  // DPM-Solver++ only (algorithm_type dpmsolver++, solver_type midpoint).
  int solver_order = 2;
  bool lower_order_final = true;
  bool euler_at_final = false;
  FinalSigmas final_sigmas_type = FinalSigmas::Zero;
  double lambda_min_clipped = -std::numeric_limits<double>::infinity();
  // AICL Studio's key (diffusers ignores it): the model was trained with noise whose frames are correlated by
  // this much (PYoCo's mixed noise prior, see correlateFrames); sampling draws its noise the same way.
  double frame_noise_correlation = 0.0;

  std::string source = "<defaults>";  // the file errors name
  nlohmann::json json;                // the keys as written, to re-read them for another class

  // diffusers' defaults of a class.
  static SchedulerConfig defaults(SchedulerKind kind);
  // Reads a scheduler_config.json (Python's NaN/Infinity literals accepted). The class comes from
  // "_class_name" unless `as` is given, in which case any compatible class's file is read with the defaults
  // of `as`. Throws aicl::Error naming the file and key for a missing, mistyped or unsupported value.
  static SchedulerConfig fromFile(const std::filesystem::path& path, std::optional<SchedulerKind> as = {});
  static SchedulerConfig fromJson(const nlohmann::json& json, const std::string& source,
                                  std::optional<SchedulerKind> as = {});
  // The config another scheduler class gets from this one, like diffusers' `Other.from_config(config)`: keys
  // written in the file carry over, keys left at this class's defaults take the other class's defaults.
  SchedulerConfig as(SchedulerKind other) const;
};

// Parses a JSON file written by Python's json module, which spells non-finite floats NaN / Infinity /
// -Infinity (diffusers writes "lambda_min_clipped": -Infinity); throws aicl::Error naming the file.
nlohmann::json readConfigJson(const std::filesystem::path& path);

}  // namespace aicl
