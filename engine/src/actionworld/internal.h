#pragma once
// ActionWorld internals shared by the renderer, the dataset writer and the judge: portable random draws, the
// per-action motion models (one definition used both to render clips and to fit observed tracks) and shape
// rasterisation.
#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <random>
#include <vector>

#include "aicl/actionworld.h"

namespace aicl::actionworld::detail {

constexpr double kPi = 3.14159265358979323846;
constexpr double kFps = 8.0;
constexpr double kInsideMargin = 1.0;  // pixels between the subject's circumcircle and the frame edge

// ---- Portable random draws (only raw mt19937_64 outputs, which the standard fully specifies) ----
double uniform01(std::mt19937_64& rng);
double uniform(std::mt19937_64& rng, double lo, double hi);
int uniformIndex(std::mt19937_64& rng, int count);  // in [0, count)
uint64_t splitmix64(uint64_t x);

// ---- Motion models ----
// A motion in size-independent units: lengths are fractions of the frame size, time is u in [0, 1].
// p[0], p[1] are the model's linear parameters (the offset is linear in them), p[2..4] the nonlinear ones.
struct Motion {
  std::array<double, 5> p{0.0, 0.0, 0.0, 0.0, 0.0};
};
// Offset of the subject from the clip's centre (fractions of the size) and log of the radius factor.
struct Offset {
  double dx = 0.0;
  double dy = 0.0;
  double log_r = 0.0;
};
Offset motionOffset(Action action, const Motion& motion, double u);

// One linear parameter: the range random clips draw from and the (wider) range the judge fits within.
struct LinearParam {
  double gen_lo = 0.0, gen_hi = 0.0;
  double fit_lo = 0.0, fit_hi = 0.0;
};
// One nonlinear parameter: value = base + offset, base one of `bases` (signs, diagonal quadrants, fixed
// directions), offset in a range; `grid` points per base for the judge's coarse search.
struct NonlinearParam {
  std::vector<double> bases{0.0};
  double gen_lo = 0.0, gen_hi = 0.0;
  double fit_lo = 0.0, fit_hi = 0.0;
  bool periodic = false;  // the range is one period (phases): grid without the end point, wraps in search
  int grid = 1;
  bool frequency = false;  // cycles per clip: the fit range is capped below the frame rate's Nyquist limit
};
struct ActionModel {
  double radius_lo = 0.14, radius_hi = 0.17;  // fractions of the size
  std::vector<LinearParam> linear;            // p[0], p[1]
  std::vector<NonlinearParam> nonlinear;      // p[2], p[3], p[4]
};
const ActionModel& actionModel(Action action);
// Extra constraints between parameters (jumping: the hop ends inside the clip).
bool motionValid(Action action, const Motion& motion);

// Between a spec (pixels, the header's meaning of each field) and a motion (fractions of the size).
Motion motionOf(const ClipSpec& spec);
void applyMotion(ClipSpec& spec, const Motion& motion);

// ---- Shapes ----
// The shape's outline for circumradius 1, centred at the origin, y down.
const std::vector<cv::Point2d>& unitPolygon(Shape shape);
double unitArea(Shape shape);  // area of the unit polygon
// Fills the shape into an 8-bit image drawn at `scale` times the coordinates (cx, cy, r in output pixels,
// pixel centres at +0.5), antialiased.
void fillShape(cv::Mat& image, Shape shape, double cx, double cy, double r, const cv::Scalar& colour,
               int scale);
// Coverage in [0, 1] (CV_32F, width x height) of the shape at (cx, cy) with circumradius r.
cv::Mat shapeCoverage(Shape shape, double cx, double cy, double r, int width, int height);

// ---- Judge ----
// Best fit of an action's motion model to an observed track. `observed` holds 3 * frames values: x, y (as
// fractions of the frame) and log_weight * log(radius), each channel already centred on its mean.
struct ActionFit {
  double distance = 0.0;  // RMS residual per frame
  Motion motion;
};
constexpr double kLogRadiusWeight = 0.3;
ActionFit fitAction(Action action, const std::vector<double>& observed, int frames);

}  // namespace aicl::actionworld::detail
