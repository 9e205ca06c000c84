// ActionWorld motions: the trajectory of every action, random clip specs, captions and spec JSON.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "actionworld/internal.h"
#include "aicl/error.h"

namespace aicl::actionworld {
namespace detail {

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
double uniform(std::mt19937_64& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }
int uniformIndex(std::mt19937_64& rng, int count) {
  return std::min(count - 1, static_cast<int>(uniform01(rng) * count));
}
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

namespace {

double triangleWave(double x) {  // period 1, range [-1, 1], like sin: 0 at 0, 1 at 1/4
  const double f = x + 0.25 - std::floor(x + 0.25);
  return 1.0 - 4.0 * std::abs(f - 0.5);
}

NonlinearParam phaseParam(int grid = 24, double period = 2.0 * kPi) {
  NonlinearParam param;
  param.gen_lo = param.fit_lo = 0.0;
  param.gen_hi = param.fit_hi = period;
  param.periodic = true;
  param.grid = grid;
  return param;
}
NonlinearParam signParam() {
  NonlinearParam param;
  param.bases = {-1.0, 1.0};
  return param;
}
NonlinearParam fixedParam(double value) {
  NonlinearParam param;
  param.bases = {value};
  return param;
}
NonlinearParam rangeParam(double gen_lo, double gen_hi, double fit_lo, double fit_hi, int grid,
                          bool frequency = false) {
  NonlinearParam param;
  param.gen_lo = gen_lo;
  param.gen_hi = gen_hi;
  param.fit_lo = fit_lo;
  param.fit_hi = fit_hi;
  param.grid = grid;
  param.frequency = frequency;
  return param;
}

std::vector<ActionModel> buildModels() {
  std::vector<ActionModel> models(allActions().size());
  auto model = [&](Action action) -> ActionModel& { return models[static_cast<size_t>(action)]; };
  // Straight lines: total travel (fraction of the frame) along a direction.
  const LinearParam travel{0.35, 0.6, 0.12, 1.0};
  model(Action::MovingLeft) = {0.14, 0.17, {travel}, {fixedParam(kPi)}};
  model(Action::MovingRight) = {0.14, 0.17, {travel}, {fixedParam(0.0)}};
  model(Action::MovingUp) = {0.14, 0.17, {travel}, {fixedParam(-0.5 * kPi)}};
  model(Action::MovingDown) = {0.14, 0.17, {travel}, {fixedParam(0.5 * kPi)}};
  NonlinearParam diagonal = rangeParam(-0.17, 0.17, -0.42, 0.42, 7);
  diagonal.bases = {0.25 * kPi, 0.75 * kPi, 1.25 * kPi, 1.75 * kPi};
  model(Action::MovingDiagonally) = {0.14, 0.17, {{0.4, 0.65, 0.12, 1.2}}, {diagonal}};
  // Circles: radius; turns per clip, start angle, turning sense.
  model(Action::Circling) = {0.14,
                             0.17,
                             {{0.17, 0.27, 0.08, 0.45}},
                             {rangeParam(0.8, 1.3, 0.55, 1.7, 12, true), phaseParam(), signParam()}};
  // Hops: height; hops per clip, phase (period pi for |sin|).
  model(Action::Bouncing) = {
      0.14, 0.17, {{0.25, 0.4, 0.1, 0.6}}, {rangeParam(2.2, 3.2, 1.8, 4.5, 14, true), phaseParam(12, kPi)}};
  // Fast small horizontal jitter: amplitude; cycles per clip, phase.
  model(Action::Shaking) = {
      0.14, 0.17, {{0.05, 0.08, 0.03, 0.14}}, {rangeParam(5.0, 6.5, 3.5, 7.5, 17, true), phaseParam()}};
  // Inverted pendulum: arm length; swings per clip, phase, swing angle.
  model(Action::Waving) = {
      0.14,
      0.17,
      {{0.28, 0.36, 0.12, 0.6}},
      {rangeParam(1.2, 2.0, 0.8, 2.8, 11, true), phaseParam(), rangeParam(0.55, 0.8, 0.3, 1.1, 5)}};
  // One hop: height; start (clip fraction), duration (clip fraction).
  model(Action::Jumping) = {0.14,
                            0.17,
                            {{0.3, 0.45, 0.1, 0.7}},
                            {rangeParam(0.1, 0.5, 0.0, 0.75, 16), rangeParam(0.4, 0.6, 0.25, 0.85, 13)}};
  // Size changes: log of the size ratio.
  model(Action::Growing) = {0.17, 0.21, {{std::log(1.7), std::log(2.3), 0.25, 1.6}}, {}};
  model(Action::Shrinking) = {0.17, 0.21, {{std::log(1.7), std::log(2.3), 0.25, 1.6}}, {}};
  model(Action::StandingStill) = {0.14, 0.17, {}, {}};
  // Zigzag: vertical triangle-wave amplitude, horizontal travel; periods per clip, phase, travel sense.
  model(Action::Zigzagging) = {0.14,
                               0.17,
                               {{0.09, 0.14, 0.05, 0.25}, {0.4, 0.6, 0.1, 1.0}},
                               {rangeParam(2.0, 3.0, 1.4, 4.0, 11, true), phaseParam(16), signParam()}};
  // Spiral: final radius, start radius; turns per clip, start angle, turning sense.
  model(Action::Spiraling) = {0.14,
                              0.17,
                              {{0.22, 0.3, 0.12, 0.45}, {0.02, 0.06, 0.0, 0.1}},
                              {rangeParam(1.3, 2.0, 0.9, 2.8, 11, true), phaseParam(), signParam()}};
  // Lissajous 1:2: x amplitude, y amplitude; cycles per clip, phase, mirror.
  model(Action::FigureEight) = {0.14,
                                0.17,
                                {{0.2, 0.28, 0.1, 0.4}, {0.13, 0.2, 0.06, 0.3}},
                                {rangeParam(0.9, 1.15, 0.7, 1.5, 9, true), phaseParam(), signParam()}};
  // Radius oscillation: log amplitude; cycles per clip, phase.
  model(Action::Pulsing) = {
      0.13, 0.155, {{0.22, 0.32, 0.1, 0.6}}, {rangeParam(1.5, 2.5, 1.1, 3.5, 13, true), phaseParam()}};
  return models;
}

double signOf(double value) { return value >= 0.0 ? 1.0 : -1.0; }

}  // namespace

const ActionModel& actionModel(Action action) {
  static const std::vector<ActionModel> models = buildModels();
  return models.at(static_cast<size_t>(action));
}

bool motionValid(Action action, const Motion& motion) {
  if (action == Action::Jumping) return motion.p[3] > 0.0 && motion.p[2] + motion.p[3] <= 1.0 + 1e-9;
  return true;
}

Offset motionOffset(Action action, const Motion& motion, double u) {
  const auto& p = motion.p;
  switch (action) {
    case Action::MovingLeft:
    case Action::MovingRight:
    case Action::MovingUp:
    case Action::MovingDown:
    case Action::MovingDiagonally: {
      const double s = (u - 0.5) * p[0];
      return {s * std::cos(p[2]), s * std::sin(p[2]), 0.0};
    }
    case Action::Circling: {
      const double angle = p[3] + p[4] * 2.0 * kPi * p[2] * u;
      return {p[0] * std::cos(angle), p[0] * std::sin(angle), 0.0};
    }
    case Action::Bouncing:
      return {0.0, -p[0] * std::abs(std::sin(kPi * p[2] * u + p[3])), 0.0};
    case Action::Shaking:
      return {p[0] * std::sin(2.0 * kPi * p[2] * u + p[3]), 0.0, 0.0};
    case Action::Waving: {
      const double theta = p[4] * std::sin(2.0 * kPi * p[2] * u + p[3]);
      return {p[0] * std::sin(theta), p[0] * (1.0 - std::cos(theta)), 0.0};
    }
    case Action::Jumping: {
      const double s = p[3] > 0.0 ? std::clamp((u - p[2]) / p[3], 0.0, 1.0) : 0.0;
      return {0.0, -p[0] * std::sin(kPi * s), 0.0};
    }
    case Action::Growing:
      return {0.0, 0.0, -(1.0 - u) * p[0]};
    case Action::Shrinking:
      return {0.0, 0.0, -u * p[0]};
    case Action::StandingStill:
      return {};
    case Action::Zigzagging:
      return {p[4] * (u - 0.5) * p[1], p[0] * triangleWave(p[2] * u + p[3] / (2.0 * kPi)), 0.0};
    case Action::Spiraling: {
      const double rho = p[1] * (1.0 - u) + p[0] * u;
      const double angle = p[3] + p[4] * 2.0 * kPi * p[2] * u;
      return {rho * std::cos(angle), rho * std::sin(angle), 0.0};
    }
    case Action::FigureEight: {
      const double w = 2.0 * kPi * p[2] * u + p[3];
      return {p[4] * p[0] * std::sin(w), p[1] * std::sin(2.0 * w), 0.0};
    }
    case Action::Pulsing:
      return {0.0, 0.0, p[0] * std::sin(2.0 * kPi * p[2] * u + p[3])};
  }
  return {};
}

Motion motionOf(const ClipSpec& spec) {
  const double size = spec.size, travel = spec.speed * std::max(1, spec.frames - 1) / size;
  Motion m;
  auto& p = m.p;
  switch (spec.action) {
    case Action::MovingLeft:
    case Action::MovingRight:
    case Action::MovingUp:
    case Action::MovingDown:
    case Action::MovingDiagonally:
      p = {travel, 0.0, spec.direction, 0.0, 0.0};
      break;
    case Action::Circling:
      p = {spec.amplitude / size, 0.0, spec.speed, spec.phase, signOf(spec.direction)};
      break;
    case Action::Bouncing:
    case Action::Shaking:
      p = {spec.amplitude / size, 0.0, spec.speed, spec.phase, 0.0};
      break;
    case Action::Waving:
      p = {spec.amplitude / size, 0.0, spec.speed, spec.phase, spec.secondary};
      break;
    case Action::Jumping:
      p = {spec.amplitude / size, 0.0, spec.phase, spec.secondary, 0.0};
      break;
    case Action::Growing:
    case Action::Shrinking:
      p = {std::log(std::max(1.0, spec.amplitude)), 0.0, 0.0, 0.0, 0.0};
      break;
    case Action::StandingStill:
      break;
    case Action::Zigzagging:
      p = {spec.amplitude / size, travel, spec.secondary, spec.phase, signOf(std::cos(spec.direction))};
      break;
    case Action::Spiraling:
    case Action::FigureEight:
      p = {spec.amplitude / size, spec.secondary / size, spec.speed, spec.phase, signOf(spec.direction)};
      break;
    case Action::Pulsing:
      p = {spec.amplitude, 0.0, spec.speed, spec.phase, 0.0};
      break;
  }
  return m;
}

void applyMotion(ClipSpec& spec, const Motion& m) {
  const double size = spec.size, frames_minus_one = std::max(1, spec.frames - 1);
  const auto& p = m.p;
  spec.amplitude = spec.speed = spec.phase = spec.direction = spec.secondary = 0.0;
  switch (spec.action) {
    case Action::MovingLeft:
    case Action::MovingRight:
    case Action::MovingUp:
    case Action::MovingDown:
    case Action::MovingDiagonally:
      spec.speed = p[0] * size / frames_minus_one;
      spec.direction = p[2];
      break;
    case Action::Circling:
      spec.amplitude = p[0] * size;
      spec.speed = p[2];
      spec.phase = p[3];
      spec.direction = p[4];
      break;
    case Action::Bouncing:
    case Action::Shaking:
      spec.amplitude = p[0] * size;
      spec.speed = p[2];
      spec.phase = p[3];
      break;
    case Action::Waving:
      spec.amplitude = p[0] * size;
      spec.speed = p[2];
      spec.phase = p[3];
      spec.secondary = p[4];
      break;
    case Action::Jumping:
      spec.amplitude = p[0] * size;
      spec.phase = p[2];
      spec.secondary = p[3];
      break;
    case Action::Growing:
    case Action::Shrinking:
      spec.amplitude = std::exp(p[0]);
      break;
    case Action::StandingStill:
      break;
    case Action::Zigzagging:
      spec.amplitude = p[0] * size;
      spec.speed = p[1] * size / frames_minus_one;
      spec.secondary = p[2];
      spec.phase = p[3];
      spec.direction = p[4] > 0.0 ? 0.0 : kPi;
      break;
    case Action::Spiraling:
    case Action::FigureEight:
      spec.amplitude = p[0] * size;
      spec.secondary = p[1] * size;
      spec.speed = p[2];
      spec.phase = p[3];
      spec.direction = p[4];
      break;
    case Action::Pulsing:
      spec.amplitude = p[0];
      spec.speed = p[2];
      spec.phase = p[3];
      break;
  }
}

}  // namespace detail

using namespace detail;

SubjectState subjectAt(const ClipSpec& spec, int index) {
  const double u = spec.frames > 1 ? static_cast<double>(index) / (spec.frames - 1) : 0.0;
  const Offset offset = motionOffset(spec.action, motionOf(spec), u);
  return {spec.centre_x + offset.dx * spec.size, spec.centre_y + offset.dy * spec.size,
          spec.radius * std::exp(offset.log_r)};
}

std::vector<SubjectState> subjectTrack(const ClipSpec& spec) {
  std::vector<SubjectState> track;
  for (int i = 0; i < spec.frames; ++i) track.push_back(subjectAt(spec, i));
  return track;
}

bool subjectInside(const ClipSpec& spec, double margin) {
  for (const auto& state : subjectTrack(spec)) {
    if (state.x - state.radius < margin || state.y - state.radius < margin) return false;
    if (state.x + state.radius > spec.size - margin || state.y + state.radius > spec.size - margin)
      return false;
  }
  return true;
}

ClipSpec randomClipSpec(Action action, Shape shape, Colour colour, Background background,
                        std::mt19937_64& rng, int size, int frames) {
  if (size < 16 || size > 4096)
    throw Error("actionworld: clip size must be 16..4096 pixels, got " + std::to_string(size));
  if (frames < 2 || frames > 1024)
    throw Error("actionworld: clip length must be 2..1024 frames, got " + std::to_string(frames));
  const ActionModel& model = actionModel(action);
  ClipSpec spec;
  spec.shape = shape;
  spec.colour = colour;
  spec.background = background;
  spec.action = action;
  spec.size = size;
  spec.frames = frames;
  for (int attempt = 0; attempt < 200; ++attempt) {
    // After many misses (tiny frames), shrink the subject and the motion until the clip fits.
    const double shrink = attempt < 40 ? 1.0 : std::pow(0.97, attempt - 39);
    const double radius = uniform(rng, model.radius_lo, model.radius_hi) * shrink;
    Motion motion;
    for (size_t j = 0; j < model.linear.size(); ++j)
      motion.p[j] = uniform(rng, model.linear[j].gen_lo, model.linear[j].gen_hi) * shrink;
    for (size_t k = 0; k < model.nonlinear.size(); ++k) {
      const auto& param = model.nonlinear[k];
      const double base =
          param.bases[static_cast<size_t>(uniformIndex(rng, static_cast<int>(param.bases.size())))];
      motion.p[2 + k] = base + uniform(rng, param.gen_lo, param.gen_hi);
    }
    if (action == Action::Jumping)
      motion.p[2] = uniform(rng, 0.1, 0.9 - motion.p[3]);  // rest before and after
    spec.radius = radius * size;
    spec.centre_x = spec.centre_y = 0.0;
    applyMotion(spec, motion);
    double min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
    for (const auto& state : subjectTrack(spec)) {
      min_x = std::min(min_x, state.x - state.radius);
      max_x = std::max(max_x, state.x + state.radius);
      min_y = std::min(min_y, state.y - state.radius);
      max_y = std::max(max_y, state.y + state.radius);
    }
    // Keep a small safety distance beyond the margin so rounding never touches the border pixels.
    const double margin = kInsideMargin + 0.05;
    const double lo_x = margin - min_x, hi_x = size - margin - max_x;
    const double lo_y = margin - min_y, hi_y = size - margin - max_y;
    if (lo_x > hi_x || lo_y > hi_y) continue;
    spec.centre_x = uniform(rng, lo_x, hi_x);
    spec.centre_y = uniform(rng, lo_y, hi_y);
    return spec;
  }
  throw Error("actionworld: no " + actionName(action) + " clip fits in " + std::to_string(size) + " pixels");
}

std::string caption(const ClipSpec& spec) {
  const std::string colour = colourName(spec.colour);
  const bool vowel = std::string("aeiou").find(colour[0]) != std::string::npos;
  return std::string(vowel ? "an " : "a ") + colour + " " + shapeName(spec.shape) + " " +
         actionPhrase(spec.action) + " on a " + backgroundName(spec.background) + " background";
}

std::string specToJson(const ClipSpec& spec) {
  const nlohmann::json json = {
      {"shape", shapeName(spec.shape)},
      {"colour", colourName(spec.colour)},
      {"background", backgroundName(spec.background)},
      {"action", actionName(spec.action)},
      {"size", spec.size},
      {"frames", spec.frames},
      {"centre_x", spec.centre_x},
      {"centre_y", spec.centre_y},
      {"radius", spec.radius},
      {"amplitude", spec.amplitude},
      {"speed", spec.speed},
      {"phase", spec.phase},
      {"direction", spec.direction},
      {"secondary", spec.secondary},
  };
  return json.dump();
}

ClipSpec specFromJson(const std::string& text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("actionworld spec: not valid JSON: ") + e.what());
  }
  if (!json.is_object()) throw Error("actionworld spec: expected a JSON object");
  ClipSpec spec;
  auto text_of = [&](const char* key) -> std::string {
    if (!json.contains(key) || !json[key].is_string())
      throw Error(std::string("actionworld spec: missing key '") + key + "'");
    return json[key].get<std::string>();
  };
  auto number_of = [&](const char* key, double fallback) -> double {
    if (!json.contains(key)) return fallback;
    if (!json[key].is_number())
      throw Error(std::string("actionworld spec: key '") + key + "': expected a number");
    return json[key].get<double>();
  };
  spec.shape = parseShape(text_of("shape"));
  spec.colour = parseColour(text_of("colour"));
  spec.background = parseBackground(text_of("background"));
  spec.action = parseAction(text_of("action"));
  spec.size = static_cast<int>(number_of("size", spec.size));
  spec.frames = static_cast<int>(number_of("frames", spec.frames));
  if (spec.size < 1 || spec.size > 4096 || spec.frames < 1 || spec.frames > 1024)
    throw Error("actionworld spec: size or frames out of range");
  spec.centre_x = number_of("centre_x", spec.centre_x);
  spec.centre_y = number_of("centre_y", spec.centre_y);
  spec.radius = number_of("radius", spec.radius);
  spec.amplitude = number_of("amplitude", spec.amplitude);
  spec.speed = number_of("speed", spec.speed);
  spec.phase = number_of("phase", spec.phase);
  spec.direction = number_of("direction", spec.direction);
  spec.secondary = number_of("secondary", spec.secondary);
  return spec;
}

}  // namespace aicl::actionworld
