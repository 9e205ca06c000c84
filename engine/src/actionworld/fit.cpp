// Fitting an action's motion model to an observed track: a coarse grid over the nonlinear parameters (speed,
// phase, direction, ...), box-constrained least squares for the linear ones (amplitudes, which enter the
// trajectory linearly), then a pattern search around the best grid points. The track and the model are both
// centred on their means, so the fit is translation-invariant.
#include <algorithm>
#include <cmath>
#include <limits>

#include "actionworld/internal.h"

namespace aicl::actionworld::detail {
namespace {

struct Dimension {
  std::vector<double> bases;
  double lo = 0.0, hi = 0.0;
  bool periodic = false;
  int grid = 1;
  double spacing() const {
    if (hi <= lo) return 0.0;
    return periodic ? (hi - lo) / grid : (grid > 1 ? (hi - lo) / (grid - 1) : (hi - lo) * 0.5);
  }
  std::vector<double> offsets() const {
    if (hi <= lo) return {lo};
    std::vector<double> values;
    if (periodic) {
      for (int g = 0; g < grid; ++g) values.push_back(lo + (hi - lo) * g / grid);
    } else if (grid <= 1) {
      values.push_back(0.5 * (lo + hi));
    } else {
      for (int g = 0; g < grid; ++g) values.push_back(lo + (hi - lo) * g / (grid - 1));
    }
    return values;
  }
};

struct Candidate {
  double residual = std::numeric_limits<double>::infinity();
  Motion motion;                        // nonlinear values and the fitted linear coefficients
  std::array<size_t, 3> base{0, 0, 0};  // chosen base per nonlinear dimension
  std::array<double, 3> offset{0.0, 0.0, 0.0};
};

class Fitter {
 public:
  Fitter(Action action, const std::vector<double>& observed, int frames)
      : action_(action), model_(actionModel(action)), observed_(observed), frames_(frames) {
    for (const auto& param : model_.nonlinear) {
      Dimension dimension;
      dimension.bases = param.bases;
      dimension.lo = param.fit_lo;
      dimension.hi = param.fit_hi;
      if (param.frequency) {
        dimension.hi = std::min(dimension.hi, 0.48 * (frames - 1));
        dimension.lo = std::min(dimension.lo, dimension.hi);
      }
      dimension.periodic = param.periodic;
      dimension.grid = param.grid;
      dimensions_.push_back(dimension);
    }
    for (double value : observed_) observed_norm_ += value * value;
    basis_.assign(model_.linear.size(), std::vector<double>(observed_.size(), 0.0));
  }

  ActionFit fit() {
    std::vector<Candidate> best;  // the few best grid points, best first
    constexpr size_t kStarts = 2;
    Candidate candidate;
    gridSearch(best, kStarts);
    Candidate winner;
    for (Candidate start : best) {
      refine(start);
      if (start.residual < winner.residual) winner = start;
    }
    if (best.empty()) {  // no nonlinear dimensions at all
      winner = candidate;
      evaluate(winner);
    }
    ActionFit result;
    result.distance = std::sqrt(std::max(0.0, winner.residual) / frames_);
    result.motion = winner.motion;
    return result;
  }

 private:
  void setNonlinear(Candidate& c) const {
    for (size_t k = 0; k < std::min<size_t>(dimensions_.size(), 3); ++k)
      c.motion.p[2 + k] = dimensions_[k].bases[c.base[k]] + c.offset[k];
  }

  // Fills the linear coefficients and the residual of a candidate whose nonlinear values are set.
  void evaluate(Candidate& c) {
    setNonlinear(c);
    if (!motionValid(action_, c.motion)) {
      c.residual = std::numeric_limits<double>::infinity();
      return;
    }
    const size_t count = std::min<size_t>(model_.linear.size(), 2);
    const int n = frames_;
    for (size_t j = 0; j < count; ++j) {
      Motion unit = c.motion;
      for (size_t other = 0; other < count; ++other) unit.p[other] = other == j ? 1.0 : 0.0;
      auto& b = basis_[j];
      for (int i = 0; i < n; ++i) {
        const double u = n > 1 ? static_cast<double>(i) / (n - 1) : 0.0;
        const Offset offset = motionOffset(action_, unit, u);
        b[static_cast<size_t>(i)] = offset.dx;
        b[static_cast<size_t>(n + i)] = offset.dy;
        b[static_cast<size_t>(2 * n + i)] = kLogRadiusWeight * offset.log_r;
      }
      for (int channel = 0; channel < 3; ++channel) {
        double mean = 0.0;
        for (int i = 0; i < n; ++i) mean += b[static_cast<size_t>(channel * n + i)];
        mean /= n;
        for (int i = 0; i < n; ++i) b[static_cast<size_t>(channel * n + i)] -= mean;
      }
    }
    double gram[2][2] = {{0.0, 0.0}, {0.0, 0.0}}, rhs[2] = {0.0, 0.0};
    for (size_t j = 0; j < count; ++j) {
      for (size_t i = 0; i < observed_.size(); ++i) rhs[j] += basis_[j][i] * observed_[i];
      for (size_t k = 0; k < count; ++k)
        for (size_t i = 0; i < observed_.size(); ++i) gram[j][k] += basis_[j][i] * basis_[k][i];
    }
    double coefficient[2] = {0.0, 0.0};
    auto clampTo = [&](size_t j, double value) {
      return std::clamp(value, model_.linear[j].fit_lo, model_.linear[j].fit_hi);
    };
    if (count == 1) {
      coefficient[0] = clampTo(0, gram[0][0] > 1e-12 ? rhs[0] / gram[0][0] : model_.linear[0].fit_lo);
    } else if (count == 2) {
      const double det = gram[0][0] * gram[1][1] - gram[0][1] * gram[1][0];
      if (std::abs(det) > 1e-12) {
        coefficient[0] = clampTo(0, (rhs[0] * gram[1][1] - rhs[1] * gram[0][1]) / det);
        coefficient[1] = clampTo(1, (rhs[1] * gram[0][0] - rhs[0] * gram[1][0]) / det);
      } else {
        coefficient[0] = clampTo(0, 0.0);
        coefficient[1] = clampTo(1, 0.0);
      }
      // Box-constrained least squares by coordinate descent (a convex problem; converges quickly).
      for (int iteration = 0; iteration < 20; ++iteration) {
        for (size_t j = 0; j < 2; ++j) {
          const size_t other = 1 - j;
          if (gram[j][j] > 1e-12)
            coefficient[j] = clampTo(j, (rhs[j] - gram[j][other] * coefficient[other]) / gram[j][j]);
        }
      }
    }
    double residual = observed_norm_;
    for (size_t j = 0; j < count; ++j) {
      residual -= 2.0 * coefficient[j] * rhs[j];
      for (size_t k = 0; k < count; ++k) residual += coefficient[j] * gram[j][k] * coefficient[k];
      c.motion.p[j] = coefficient[j];
    }
    c.residual = std::max(0.0, residual);
  }

  // Every combination of base and grid offset over the nonlinear dimensions; keeps the `keep` best.
  void gridSearch(std::vector<Candidate>& best, size_t keep) {
    const size_t dims = std::min<size_t>(dimensions_.size(), 3);
    if (dims == 0) return;
    std::array<std::vector<std::pair<size_t, double>>, 3> choices;
    for (size_t k = 0; k < dims; ++k)
      for (size_t base = 0; base < dimensions_[k].bases.size(); ++base)
        for (double offset : dimensions_[k].offsets()) choices[k].emplace_back(base, offset);
    std::array<size_t, 3> index{0, 0, 0};
    while (true) {
      Candidate c;
      for (size_t k = 0; k < dims; ++k) {
        c.base[k] = choices[k][index[k]].first;
        c.offset[k] = choices[k][index[k]].second;
      }
      evaluate(c);
      if (std::isfinite(c.residual) && (best.size() < keep || c.residual < best.back().residual)) {
        best.push_back(c);
        std::sort(best.begin(), best.end(),
                  [](const Candidate& a, const Candidate& b) { return a.residual < b.residual; });
        if (best.size() > keep) best.resize(keep);
      }
      size_t k = 0;
      while (k < dims && ++index[k] == choices[k].size()) index[k++] = 0;
      if (k == dims) break;
    }
  }

  void refine(Candidate& c) {
    std::array<double, 3> step{0.0, 0.0, 0.0};
    for (size_t k = 0; k < std::min<size_t>(dimensions_.size(), 3); ++k)
      step[k] = dimensions_[k].spacing() * 0.5;
    int halvings = 0;
    for (int iteration = 0; iteration < 80 && halvings < 7; ++iteration) {
      bool improved = false;
      for (size_t k = 0; k < std::min<size_t>(dimensions_.size(), 3); ++k) {
        if (step[k] <= 0.0) continue;
        const Dimension& d = dimensions_[k];
        for (double sign : {-1.0, 1.0}) {
          Candidate trial = c;
          double offset = c.offset[k] + sign * step[k];
          if (d.periodic) {
            const double period = d.hi - d.lo;
            offset = d.lo + std::fmod(std::fmod(offset - d.lo, period) + period, period);
          } else {
            offset = std::clamp(offset, d.lo, d.hi);
          }
          if (offset == c.offset[k]) continue;
          trial.offset[k] = offset;
          evaluate(trial);
          if (trial.residual < c.residual) {
            c = trial;
            improved = true;
            break;
          }
        }
      }
      if (!improved) {
        for (double& s : step) s *= 0.5;
        ++halvings;
      }
    }
  }

  Action action_;
  const ActionModel& model_;
  const std::vector<double>& observed_;
  int frames_;
  double observed_norm_ = 0.0;
  std::vector<Dimension> dimensions_;
  std::vector<std::vector<double>> basis_;
};

}  // namespace

ActionFit fitAction(Action action, const std::vector<double>& observed, int frames) {
  return Fitter(action, observed, frames).fit();
}

}  // namespace aicl::actionworld::detail
