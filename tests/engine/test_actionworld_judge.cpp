// ActionWorld motion judge: accuracy on clean renders of random specs of every action, on blurred and noisy
// renders, tracking precision, and the evaluation tally.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "aicl/actionworld.h"
#include "aicl/error.h"

namespace {

using namespace aicl::actionworld;

constexpr int kClipsPerAction = 24;

// A 3x3 binomial blur (clamped at the borders), then Gaussian noise of `sigma` levels (Box-Muller over raw
// mt19937_64 draws, so the noise is the same on every standard library).
std::vector<aicl::Frame> degrade(std::vector<aicl::Frame> frames, double sigma, std::mt19937_64& rng,
                                 int blur_passes = 1) {
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  for (auto& frame : frames) {
    for (int pass = 0; pass < blur_passes; ++pass) {
      const int w = frame.width, h = frame.height;
      std::vector<double> blurred(frame.rgb.size());
      for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
          for (int c = 0; c < 3; ++c) {
            double sum = 0.0;
            for (int dy = -1; dy <= 1; ++dy) {
              for (int dx = -1; dx <= 1; ++dx) {
                const int sx = std::clamp(x + dx, 0, w - 1), sy = std::clamp(y + dy, 0, h - 1);
                const double weight = (dx == 0 ? 2.0 : 1.0) * (dy == 0 ? 2.0 : 1.0) / 16.0;
                sum += weight * frame.rgb[(static_cast<size_t>(sy) * w + sx) * 3 + c];
              }
            }
            blurred[(static_cast<size_t>(y) * w + x) * 3 + c] = sum;
          }
        }
      }
      if (pass + 1 < blur_passes) {
        for (size_t i = 0; i < blurred.size(); ++i)
          frame.rgb[i] = static_cast<uint8_t>(std::lround(blurred[i]));
        continue;
      }
      for (size_t i = 0; i < blurred.size(); ++i) {
        const double noise = sigma * std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform());
        frame.rgb[i] = static_cast<uint8_t>(std::clamp(std::lround(blurred[i] + noise), 0L, 255L));
      }
    }
  }
  return frames;
}

struct JudgeRun {
  EvaluationTally tally;
  int background_correct = 0;
  int clips = 0;
};

using Degradation = std::function<std::vector<aicl::Frame>(std::vector<aicl::Frame>, std::mt19937_64&)>;

JudgeRun evaluateWith(uint64_t seed, const Degradation& degradation, int size = 32, int frames = 16,
                      int clips_per_action = kClipsPerAction) {
  JudgeRun run;
  std::mt19937_64 rng(seed), noise_rng(seed ^ 0xABCDEFull);
  const auto& shapes = allShapes();
  const auto& colours = allColours();
  const auto& backgrounds = allBackgrounds();
  for (Action action : allActions()) {
    for (int k = 0; k < clips_per_action; ++k) {
      const Shape shape = shapes[(k + static_cast<int>(action)) % shapes.size()];
      const Colour colour = colours[(k * 3 + static_cast<int>(action)) % colours.size()];
      const Background background = backgrounds[(k / 2 + static_cast<int>(action)) % backgrounds.size()];
      const ClipSpec spec = randomClipSpec(action, shape, colour, background, rng, size, frames);
      auto clip = renderClip(spec);
      if (degradation) clip = degradation(std::move(clip), noise_rng);
      const Judgement judgement = judgeClip(clip);
      EXPECT_TRUE(judgement.subject_found) << specToJson(spec);
      run.tally.add(action, judgement, shape, colour);
      run.background_correct += judgement.background == background ? 1 : 0;
      ++run.clips;
    }
  }
  return run;
}

JudgeRun evaluate(uint64_t seed, double noise_sigma, int size = 32, int frames = 16,
                  int clips_per_action = kClipsPerAction) {
  Degradation degradation;
  if (noise_sigma > 0.0)
    degradation = [noise_sigma](std::vector<aicl::Frame> clip, std::mt19937_64& rng) {
      return degrade(std::move(clip), noise_sigma, rng);
    };
  return evaluateWith(seed, degradation, size, frames, clips_per_action);
}

void report(const char* label, const JudgeRun& run) {
  std::printf("[%s] action accuracy %.3f (seen %.3f, held out %.3f), appearance %.3f, background %.3f\n",
              label, run.tally.actionAccuracy(), run.tally.actionAccuracy(seenActions()),
              run.tally.actionAccuracy(heldOutActions()), run.tally.appearanceAccuracy(),
              static_cast<double>(run.background_correct) / run.clips);
  const auto json = nlohmann::json::parse(run.tally.toJson());
  for (const auto& [name, counts] : json["per_action"].items())
    if (counts["correct"] != counts["clips"])
      std::printf("  %-18s %d/%d\n", name.c_str(), counts["correct"].get<int>(), counts["clips"].get<int>());
}

TEST(ActionWorldJudge, CleanRendersOfEveryAction) {
  const JudgeRun run = evaluate(1, 0.0);
  report("clean", run);
  EXPECT_GE(run.tally.actionAccuracy(), 0.95);
  EXPECT_GE(run.tally.appearanceAccuracy(), 0.95);
  EXPECT_EQ(run.background_correct, run.clips);
  for (Action action : allActions()) EXPECT_GE(run.tally.actionAccuracy({action}), 0.8) << actionName(action);
}

TEST(ActionWorldJudge, BlurredNoisyRenders) {
  const JudgeRun run = evaluate(2, 12.0);
  report("blur+noise", run);
  EXPECT_GE(run.tally.actionAccuracy(), 0.9);
  EXPECT_GE(run.tally.appearanceAccuracy(), 0.9);
  EXPECT_EQ(run.background_correct, run.clips);
}

TEST(ActionWorldJudge, LargerFramesAndOtherLengths) {
  const JudgeRun large = evaluate(3, 0.0, 64, 16, 6);
  report("64px", large);
  EXPECT_GE(large.tally.actionAccuracy(), 0.9);
  EXPECT_GE(large.tally.appearanceAccuracy(), 0.9);
  const JudgeRun longer = evaluate(4, 0.0, 32, 24, 6);
  report("24 frames", longer);
  EXPECT_GE(longer.tally.actionAccuracy(), 0.9);
}

// Not run by default (--gtest_also_run_disabled_tests): accuracies under harder degradations than the
// asserted ones, as a report on the judge's robustness.
TEST(ActionWorldJudge, DISABLED_StressReport) {
  report("noise 25 + blur", evaluateWith(
                                10,
                                [](std::vector<aicl::Frame> clip, std::mt19937_64& rng) {
                                  return degrade(std::move(clip), 25.0, rng);
                                },
                                32, 16, 12));
  report("noise 12 + blur x4", evaluateWith(
                                   11,
                                   [](std::vector<aicl::Frame> clip, std::mt19937_64& rng) {
                                     return degrade(std::move(clip), 12.0, rng, 4);
                                   },
                                   32, 16, 12));
  report("colours dimmed 25% + noise 12", evaluateWith(
                                              12,
                                              [](std::vector<aicl::Frame> clip, std::mt19937_64& rng) {
                                                for (auto& frame : clip)
                                                  for (auto& v : frame.rgb)
                                                    v = static_cast<uint8_t>(v * 0.75 + 10);
                                                return degrade(std::move(clip), 12.0, rng);
                                              },
                                              32, 16, 12));
  report("position jitter 0.5 px",
         evaluateWith(
             13,
             [](std::vector<aicl::Frame> clip, std::mt19937_64& rng) {
               // shift every frame by -1, 0 or +1 pixel in x and y with probability 1/4 each for +-1
               for (auto& frame : clip) {
                 const int dx = static_cast<int>(rng() % 4) == 0 ? 1 : 0,
                           dy = static_cast<int>(rng() % 4) == 0 ? 1 : 0;
                 std::vector<uint8_t> moved = frame.rgb;
                 for (int y = 0; y < frame.height; ++y)
                   for (int x = 0; x < frame.width; ++x)
                     for (int c = 0; c < 3; ++c)
                       moved[(static_cast<size_t>(y) * frame.width + x) * 3 + c] =
                           frame.rgb[(static_cast<size_t>(std::max(0, y - dy)) * frame.width +
                                      std::max(0, x - dx)) *
                                         3 +
                                     c];
                 frame.rgb = moved;
               }
               return clip;
             },
             32, 16, 12));
  report("256 px", evaluateWith(14, {}, 256, 16, 3));
}

TEST(ActionWorldJudge, TrackFollowsTheSubject) {
  std::mt19937_64 rng(5);
  for (Action action : allActions()) {
    const ClipSpec spec = randomClipSpec(action, Shape::Square, Colour::Yellow, Background::Navy, rng);
    const Judgement judgement = judgeClip(renderClip(spec));
    ASSERT_EQ(judgement.track.size(), static_cast<size_t>(spec.frames));
    for (int i = 0; i < spec.frames; ++i) {
      const SubjectState truth = subjectAt(spec, i);
      const TrackPoint& point = judgement.track[static_cast<size_t>(i)];
      EXPECT_TRUE(point.found);
      EXPECT_NEAR(point.x, truth.x, 0.15) << actionName(action) << " frame " << i;
      EXPECT_NEAR(point.y, truth.y, 0.15) << actionName(action) << " frame " << i;
      const double area = 2.0 * truth.radius * truth.radius;  // a square of circumradius r
      EXPECT_NEAR(point.area, area, 0.05 * area) << actionName(action) << " frame " << i;
    }
    EXPECT_EQ(judgement.action, action);
    EXPECT_GT(judgement.action_margin, 0.0);
    EXPECT_EQ(judgement.action_distances.size(), allActions().size());
  }
}

TEST(ActionWorldJudge, EmptyClipAndBadInput) {
  auto blank = renderClip(ClipSpec{});
  for (auto& frame : blank) std::fill(frame.rgb.begin(), frame.rgb.end(), uint8_t{0});
  const Judgement judgement = judgeClip(blank);
  EXPECT_FALSE(judgement.subject_found);
  EXPECT_EQ(judgement.background, Background::Black);
  EXPECT_THROW(judgeClip({}), aicl::Error);
  auto frames = renderClip(ClipSpec{});
  frames[3].width = 16;
  EXPECT_THROW(judgeClip(frames), aicl::Error);
}

TEST(ActionWorldTally, AccuraciesAndJson) {
  EvaluationTally tally;
  Judgement right;
  right.action = Action::Circling;
  right.shape = Shape::Star;
  right.colour = Colour::Red;
  Judgement wrong = right;
  wrong.action = Action::Spiraling;
  tally.add(Action::Circling, right, Shape::Star, Colour::Red);
  tally.add(Action::Circling, wrong, Shape::Star, Colour::Blue);
  tally.add(Action::Pulsing, right, Shape::Star, Colour::Red);
  EXPECT_EQ(tally.count(), 3u);
  EXPECT_NEAR(tally.actionAccuracy(), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(tally.actionAccuracy(seenActions()), 0.5, 1e-12);
  EXPECT_NEAR(tally.actionAccuracy(heldOutActions()), 0.0, 1e-12);
  EXPECT_NEAR(tally.appearanceAccuracy(), 2.0 / 3.0, 1e-12);
  EXPECT_EQ(tally.actionAccuracy({Action::Waving}), 0.0);

  const auto confusion = nlohmann::json::parse(tally.confusionJson());
  ASSERT_EQ(confusion["actions"].size(), allActions().size());
  EXPECT_EQ(confusion["actions"][5], "circling");
  const int circling = static_cast<int>(Action::Circling), spiraling = static_cast<int>(Action::Spiraling);
  const int pulsing = static_cast<int>(Action::Pulsing);
  EXPECT_EQ(confusion["matrix"][circling][circling], 1);
  EXPECT_EQ(confusion["matrix"][circling][spiraling], 1);
  EXPECT_EQ(confusion["matrix"][pulsing][circling], 1);

  const auto json = nlohmann::json::parse(tally.toJson());
  EXPECT_EQ(json["clips"], 3);
  EXPECT_EQ(json["seen"]["clips"], 2);
  EXPECT_NEAR(json["seen"]["action_accuracy"].get<double>(), 0.5, 1e-12);
  EXPECT_EQ(json["held_out"]["clips"], 1);
  EXPECT_NEAR(json["held_out"]["appearance_accuracy"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(json["per_action"]["circling"]["correct"], 1);
  EXPECT_EQ(json["per_action"]["circling"]["clips"], 2);
  EXPECT_TRUE(json["per_action"]["waving"]["accuracy"].is_null());
  EXPECT_EQ(json["confusion"], confusion);

  const auto empty = nlohmann::json::parse(EvaluationTally().toJson());
  EXPECT_TRUE(empty["overall"]["action_accuracy"].is_null());
}

}  // namespace
