// ActionWorld: vocabulary, random clip specs (the subject stays inside the frame), captions, trajectories,
// deterministic rendering, datasets written and read back (through the video codec and the judge), and index
// errors that name the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "aicl/actionworld.h"
#include "aicl/error.h"
#include "aicl/video_io.h"
#include "file_text.h"
#include "test_paths.h"

namespace {

using namespace aicl::actionworld;
namespace fs = std::filesystem;

double distance(const Rgb& a, const Rgb& b) {
  const double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
  return std::sqrt(dr * dr + dg * dg + db * db);
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The aicl::Error message of `call`, or "" when it does not throw one.
template <typename Call>
std::string errorOf(Call call) {
  try {
    call();
  } catch (const aicl::Error& e) {
    return e.what();
  }
  return "";
}

// ---- Vocabulary -----------------------------------------------------------------------------------------

TEST(ActionWorldVocabulary, ActionsAndSplits) {
  EXPECT_EQ(allActions().size(), 17u);
  EXPECT_EQ(seenActions().size(), 13u);
  EXPECT_EQ(heldOutActions().size(), 4u);
  const std::vector<Action> held_out = {Action::Zigzagging, Action::Spiraling, Action::FigureEight,
                                        Action::Pulsing};
  EXPECT_EQ(heldOutActions(), held_out);
  for (Action action : seenActions()) EXPECT_FALSE(isHeldOut(action));
  for (Action action : heldOutActions()) EXPECT_TRUE(isHeldOut(action));
  std::set<std::string> names, phrases;
  for (Action action : allActions()) {
    EXPECT_EQ(parseAction(actionName(action)), action);
    names.insert(actionName(action));
    phrases.insert(actionPhrase(action));
  }
  EXPECT_EQ(names.size(), allActions().size());
  EXPECT_EQ(phrases.size(), allActions().size());
  EXPECT_EQ(actionName(Action::MovingLeft), "moving_left");
  EXPECT_EQ(actionName(Action::FigureEight), "figure_eight");
  EXPECT_EQ(actionName(Action::StandingStill), "standing_still");
  EXPECT_EQ(actionPhrase(Action::MovingLeft), "moving left");
  EXPECT_EQ(actionPhrase(Action::FigureEight), "moving in a figure eight");
  EXPECT_NE(errorOf([] { parseAction("moonwalking"); }).find("moonwalking"), std::string::npos);
  EXPECT_THROW(parseAction("Moving_Left"), aicl::Error);
}

TEST(ActionWorldVocabulary, ShapesColoursBackgrounds) {
  EXPECT_EQ(allShapes().size(), 6u);
  EXPECT_EQ(allColours().size(), 8u);
  EXPECT_EQ(allBackgrounds().size(), 4u);
  for (Shape shape : allShapes()) EXPECT_EQ(parseShape(shapeName(shape)), shape);
  for (Colour colour : allColours()) EXPECT_EQ(parseColour(colourName(colour)), colour);
  for (Background background : allBackgrounds())
    EXPECT_EQ(parseBackground(backgroundName(background)), background);
  EXPECT_EQ(shapeName(Shape::Diamond), "diamond");
  EXPECT_EQ(colourName(Colour::Cyan), "cyan");
  EXPECT_EQ(backgroundName(Background::Navy), "navy");
  EXPECT_THROW(parseShape("hexagon"), aicl::Error);
  EXPECT_THROW(parseColour("pink"), aicl::Error);
  EXPECT_THROW(parseBackground("white"), aicl::Error);
}

TEST(ActionWorldVocabulary, PaletteIsSeparable) {
  for (Colour a : allColours()) {
    for (Colour b : allColours())
      if (a != b) {
        EXPECT_GE(distance(colourRgb(a), colourRgb(b)), 100.0) << colourName(a) << " " << colourName(b);
      }
    for (Background background : allBackgrounds())
      EXPECT_GE(distance(colourRgb(a), backgroundRgb(background)), 120.0)
          << colourName(a) << " on " << backgroundName(background);
  }
  for (Background a : allBackgrounds())
    for (Background b : allBackgrounds())
      if (a != b) {
        EXPECT_GE(distance(backgroundRgb(a), backgroundRgb(b)), 60.0);
      }
}

// ---- Clip specs -----------------------------------------------------------------------------------------

TEST(ActionWorldSpec, SubjectStaysInsideTheFrame) {
  std::mt19937_64 rng(11);
  int rendered = 0;
  for (int size : {16, 32, 48, 64}) {
    for (int frames : {2, 8, 16, 24}) {
      for (Action action : allActions()) {
        for (int k = 0; k < 12; ++k) {
          const ClipSpec spec = randomClipSpec(action, allShapes()[k % 6], allColours()[k % 8],
                                               allBackgrounds()[k % 4], rng, size, frames);
          ASSERT_TRUE(subjectInside(spec, 1.0)) << specToJson(spec);
          EXPECT_EQ(spec.size, size);
          EXPECT_EQ(spec.frames, frames);
          EXPECT_GT(spec.radius, 0.1 * size);
          if (size != 32 || k >= 4) continue;
          // The border ring of every rendered frame is pure background.
          const Rgb background = backgroundRgb(spec.background);
          for (const auto& frame : renderClip(spec)) {
            for (int y = 0; y < size; ++y) {
              for (int x = 0; x < size; ++x) {
                if (x > 0 && y > 0 && x < size - 1 && y < size - 1) continue;
                const uint8_t* p = &frame.rgb[(static_cast<size_t>(y) * size + x) * 3];
                ASSERT_TRUE(p[0] == background.r && p[1] == background.g && p[2] == background.b)
                    << specToJson(spec) << " pixel " << x << "," << y;
              }
            }
          }
          ++rendered;
        }
      }
    }
  }
  EXPECT_GT(rendered, 200);
}

TEST(ActionWorldSpec, Captions) {
  ClipSpec spec;
  spec.colour = Colour::Red;
  spec.shape = Shape::Circle;
  spec.action = Action::Bouncing;
  spec.background = Background::Black;
  EXPECT_EQ(caption(spec), "a red circle bouncing on a black background");
  spec.colour = Colour::Orange;
  spec.shape = Shape::Star;
  spec.action = Action::FigureEight;
  spec.background = Background::Navy;
  EXPECT_EQ(caption(spec), "an orange star moving in a figure eight on a navy background");
  spec.colour = Colour::White;
  spec.shape = Shape::Cross;
  spec.action = Action::StandingStill;
  spec.background = Background::Gray;
  EXPECT_EQ(caption(spec), "a white cross standing still on a gray background");
}

TEST(ActionWorldSpec, CaptionWithoutItsActionPhrase) {
  EXPECT_EQ(withoutActionPhrase("a white cross standing still on a gray background", Action::StandingStill),
            "a white cross on a gray background");
  EXPECT_EQ(withoutActionPhrase("an orange star moving in a figure eight on a navy background", Action::FigureEight),
            "an orange star on a navy background");
  EXPECT_EQ(withoutActionPhrase("jumping", Action::Jumping), "");
  // The phrase comes from the action, never guessed from the words: a caption without it is an error.
  EXPECT_THROW(withoutActionPhrase("a red circle bouncing on a black background", Action::Jumping), aicl::Error);
}

TEST(ActionWorldSpec, JsonRoundTrip) {
  std::mt19937_64 rng(3);
  for (Action action : allActions()) {
    const ClipSpec spec = randomClipSpec(action, Shape::Triangle, Colour::Purple, Background::Brown, rng);
    const ClipSpec back = specFromJson(specToJson(spec));
    EXPECT_EQ(specToJson(back), specToJson(spec));
    for (int i = 0; i < spec.frames; ++i) {
      EXPECT_DOUBLE_EQ(subjectAt(back, i).x, subjectAt(spec, i).x);
      EXPECT_DOUBLE_EQ(subjectAt(back, i).radius, subjectAt(spec, i).radius);
    }
  }
  EXPECT_THROW(specFromJson("{"), aicl::Error);
  EXPECT_THROW(specFromJson("[]"), aicl::Error);
  EXPECT_THROW(specFromJson(R"({"shape":"circle","colour":"red","background":"black","action":"flying"})"),
               aicl::Error);
}

TEST(ActionWorldSpec, DeterministicForASeed) {
  for (Action action : allActions()) {
    std::mt19937_64 a(42), b(42), c(43);
    const ClipSpec first = randomClipSpec(action, Shape::Star, Colour::Green, Background::Gray, a);
    const ClipSpec second = randomClipSpec(action, Shape::Star, Colour::Green, Background::Gray, b);
    const ClipSpec other = randomClipSpec(action, Shape::Star, Colour::Green, Background::Gray, c);
    EXPECT_EQ(specToJson(first), specToJson(second));
    EXPECT_NE(specToJson(first), specToJson(other));
    const auto clip_a = renderClip(first), clip_b = renderClip(second);
    ASSERT_EQ(clip_a.size(), clip_b.size());
    for (size_t i = 0; i < clip_a.size(); ++i) EXPECT_EQ(clip_a[i].rgb, clip_b[i].rgb);
  }
}

// ---- Trajectories ----------------------------------------------------------------------------------------

std::vector<SubjectState> trackOf(Action action, uint64_t seed = 9) {
  std::mt19937_64 rng(seed);
  return subjectTrack(randomClipSpec(action, Shape::Circle, Colour::Red, Background::Black, rng));
}

TEST(ActionWorldTrajectory, LinearMotions) {
  struct Case {
    Action action;
    double sx, sy;  // expected sign of the x and y change per frame (0: none)
  };
  for (const Case c : {Case{Action::MovingLeft, -1, 0}, Case{Action::MovingRight, 1, 0},
                       Case{Action::MovingUp, 0, -1}, Case{Action::MovingDown, 0, 1}}) {
    const auto track = trackOf(c.action);
    for (size_t i = 1; i < track.size(); ++i) {
      const double dx = track[i].x - track[i - 1].x, dy = track[i].y - track[i - 1].y;
      if (c.sx == 0) {
        EXPECT_NEAR(dx, 0.0, 1e-9);
      } else {
        EXPECT_GT(dx * c.sx, 0.5);
      }
      if (c.sy == 0) {
        EXPECT_NEAR(dy, 0.0, 1e-9);
      } else {
        EXPECT_GT(dy * c.sy, 0.5);
      }
      EXPECT_DOUBLE_EQ(track[i].radius, track[0].radius);
    }
  }
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const auto track = trackOf(Action::MovingDiagonally, seed);
    const double dx = track.back().x - track.front().x, dy = track.back().y - track.front().y;
    const double angle = std::atan2(std::abs(dy), std::abs(dx)) * 180.0 / M_PI;
    EXPECT_GT(angle, 30.0);
    EXPECT_LT(angle, 60.0);
    EXPECT_GT(std::hypot(dx, dy), 0.35 * 32);
  }
}

TEST(ActionWorldTrajectory, PeriodicAndSizeMotions) {
  std::mt19937_64 rng(21);
  for (int k = 0; k < 10; ++k) {
    // Circling: constant distance from the centre; spiraling: growing distance.
    const ClipSpec circle =
        randomClipSpec(Action::Circling, Shape::Circle, Colour::Red, Background::Black, rng);
    for (int i = 0; i < circle.frames; ++i) {
      const auto s = subjectAt(circle, i);
      EXPECT_NEAR(std::hypot(s.x - circle.centre_x, s.y - circle.centre_y), circle.amplitude, 1e-9);
    }
    const ClipSpec spiral =
        randomClipSpec(Action::Spiraling, Shape::Circle, Colour::Red, Background::Black, rng);
    double previous = -1.0;
    for (int i = 0; i < spiral.frames; ++i) {
      const auto s = subjectAt(spiral, i);
      const double rho = std::hypot(s.x - spiral.centre_x, s.y - spiral.centre_y);
      EXPECT_GT(rho, previous);
      previous = rho;
    }
    // Growing / shrinking: monotone radius at a fixed place; pulsing: radius goes up and down.
    for (Action action : {Action::Growing, Action::Shrinking, Action::Pulsing, Action::StandingStill}) {
      const auto track = trackOf(action, static_cast<uint64_t>(k));
      int ups = 0, downs = 0;
      for (size_t i = 1; i < track.size(); ++i) {
        EXPECT_DOUBLE_EQ(track[i].x, track[0].x);
        EXPECT_DOUBLE_EQ(track[i].y, track[0].y);
        ups += track[i].radius > track[i - 1].radius ? 1 : 0;
        downs += track[i].radius < track[i - 1].radius ? 1 : 0;
      }
      if (action == Action::Growing) {
        EXPECT_EQ(ups, 15);
      }
      if (action == Action::Shrinking) {
        EXPECT_EQ(downs, 15);
      }
      if (action == Action::Pulsing) {
        EXPECT_TRUE(ups >= 3 && downs >= 3);
      }
      if (action == Action::StandingStill) {
        EXPECT_EQ(ups + downs, 0);
      }
      if (action == Action::Growing || action == Action::Shrinking) {
        EXPECT_GT(std::max(track.front().radius, track.back().radius) /
                      std::min(track.front().radius, track.back().radius),
                  1.6);
      }
    }
    // Bouncing: several hops from a floor line; jumping: one hop, resting before and after.
    for (Action action : {Action::Bouncing, Action::Jumping}) {
      const auto track = trackOf(action, static_cast<uint64_t>(k) + 100);
      double floor = -1e9;
      for (const auto& s : track) floor = std::max(floor, s.y);
      int hops = 0;
      bool in_air = false;
      for (const auto& s : track) {
        EXPECT_DOUBLE_EQ(s.x, track[0].x);
        if (!in_air && s.y < floor - 0.15 * 32) {
          in_air = true;
          ++hops;
        } else if (in_air && s.y > floor - 0.05 * 32) {
          in_air = false;
        }
      }
      if (action == Action::Bouncing) {
        EXPECT_GE(hops, 2);
      }
      if (action == Action::Jumping) {
        EXPECT_EQ(hops, 1);
        EXPECT_NEAR(track.front().y, floor, 1e-9);
        EXPECT_NEAR(track.back().y, floor, 1e-9);
      }
    }
    // Shaking: horizontal only, small, direction changes often; waving: larger and slower.
    const auto shake = trackOf(Action::Shaking, static_cast<uint64_t>(k) + 200);
    const auto wave = trackOf(Action::Waving, static_cast<uint64_t>(k) + 200);
    int shake_turns = 0, wave_turns = 0;
    double shake_range = 0.0, wave_range = 0.0;
    for (size_t i = 2; i < shake.size(); ++i) {
      shake_turns += (shake[i].x - shake[i - 1].x) * (shake[i - 1].x - shake[i - 2].x) < 0 ? 1 : 0;
      wave_turns += (wave[i].x - wave[i - 1].x) * (wave[i - 1].x - wave[i - 2].x) < 0 ? 1 : 0;
      EXPECT_DOUBLE_EQ(shake[i].y, shake[0].y);
    }
    for (size_t i = 0; i < shake.size(); ++i) {
      shake_range = std::max(shake_range, std::abs(shake[i].x - shake[0].x));
      wave_range = std::max(wave_range, std::abs(wave[i].x - wave[0].x));
    }
    EXPECT_GE(shake_turns, 8);
    EXPECT_LE(wave_turns, 5);
    EXPECT_LT(shake_range, 0.2 * 32);
    EXPECT_GT(wave_range, 0.2 * 32);
  }
}

// ---- Rendering -----------------------------------------------------------------------------------------

TEST(ActionWorldRender, FramesColoursAndArea) {
  ClipSpec spec;
  spec.shape = Shape::Square;
  spec.colour = Colour::Blue;
  spec.background = Background::Brown;
  spec.size = 32;
  spec.frames = 5;
  spec.centre_x = 15.0;
  spec.centre_y = 17.0;
  spec.radius = 7.0;
  const auto frames = renderClip(spec);
  ASSERT_EQ(frames.size(), 5u);
  const Rgb blue = colourRgb(Colour::Blue), brown = backgroundRgb(Background::Brown);
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto& frame = frames[i];
    EXPECT_EQ(frame.width, 32);
    EXPECT_EQ(frame.height, 32);
    EXPECT_DOUBLE_EQ(frame.time, i / 8.0);
    ASSERT_EQ(frame.rgb.size(), 32u * 32u * 3u);
    const uint8_t* corner = &frame.rgb[0];
    EXPECT_EQ(corner[0], brown.r);
    EXPECT_EQ(corner[2], brown.b);
    const uint8_t* centre = &frame.rgb[(17u * 32u + 15u) * 3u];
    EXPECT_EQ(centre[0], blue.r);
    EXPECT_EQ(centre[1], blue.g);
    EXPECT_EQ(centre[2], blue.b);
  }
  // Coverage-weighted area of the square (half side r / sqrt 2) = 2 r^2: within 3 % anywhere, unbiased on
  // average over sub-pixel positions.
  double mean_area = 0.0;
  for (int k = 0; k < 16; ++k) {
    ClipSpec moved = spec;
    moved.frames = 1;
    moved.centre_x += k / 16.0;
    moved.centre_y += (k * 7 % 16) / 16.0;
    const auto frame = renderClip(moved)[0];
    double area = 0.0;
    for (size_t p = 0; p < 32u * 32u; ++p)
      area += (frame.rgb[p * 3 + 2] - brown.b) / double(blue.b - brown.b);
    EXPECT_NEAR(area, 98.0, 3.0);
    mean_area += area / 16.0;
  }
  EXPECT_NEAR(mean_area, 98.0, 1.0);
  // Different shapes give different pictures.
  std::set<std::vector<uint8_t>> pictures;
  for (Shape shape : allShapes()) {
    spec.shape = shape;
    pictures.insert(renderClip(spec)[0].rgb);
  }
  EXPECT_EQ(pictures.size(), allShapes().size());
}

// ---- Datasets -------------------------------------------------------------------------------------------

TEST(ActionWorldDataset, RoundTripThroughCodecAndJudge) {
  const fs::path dir = aicl::test::scratchDir("actionworld_dataset");
  DatasetOptions options;
  options.clips_per_action = 2;
  options.seed = 7;
  int last_done = -1, last_total = -1, calls = 0;
  const auto written = makeDataset(dir, options, [&](int done, int total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
    ++calls;
  });
  EXPECT_EQ(last_done, 34);
  EXPECT_EQ(last_total, 34);
  EXPECT_GE(calls, 34);
  ASSERT_EQ(written.size(), 34u);

  const std::string index = aicl::test::readFileText(dir / "index.csv");
  EXPECT_EQ(index.substr(0, index.find('\n')), "path,caption,action,shape,colour,background,split");
  EXPECT_NE(index.find("videos/moving_left_0000.mp4,"), std::string::npos);
  EXPECT_NE(index.find(",figure_eight,"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(dir))  // no temporary left behind
    EXPECT_TRUE(entry.path().filename() == "index.csv" || entry.path().filename() == "videos")
        << entry.path();

  const auto entries = readDatasetIndex(dir);
  ASSERT_EQ(entries.size(), written.size());
  EvaluationTally tally;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    EXPECT_EQ(entry.action, written[i].action);
    EXPECT_EQ(entry.caption, written[i].caption);
    EXPECT_EQ(entry.held_out, isHeldOut(entry.action));
    ASSERT_TRUE(entry.shape && entry.colour && entry.background);
    EXPECT_EQ(fs::weakly_canonical(entry.video), fs::weakly_canonical(written[i].video));
    const auto metadata = nlohmann::json::parse(aicl::readVideoMetadata(entry.video));
    const ClipSpec spec = specFromJson(metadata["spec"].dump());
    EXPECT_EQ(caption(spec), entry.caption);
    EXPECT_EQ(spec.action, entry.action);
    EXPECT_EQ(spec.shape, *entry.shape);
    const auto frames = aicl::decodeVideo(entry.video, aicl::defaultDecodeOptions());
    ASSERT_EQ(frames.size(), 16u);
    EXPECT_EQ(frames[0].width, 32);
    const Judgement judgement = judgeClip(frames);
    tally.add(entry.action, judgement, *entry.shape, *entry.colour);
    EXPECT_EQ(judgement.background, *entry.background);
  }
  std::printf("[dataset mp4] action accuracy %.3f, appearance %.3f\n", tally.actionAccuracy(),
              tally.appearanceAccuracy());
  EXPECT_GE(tally.actionAccuracy(), 0.9);
  EXPECT_GE(tally.appearanceAccuracy(), 0.9);

  // The same seed gives the same index; the seen part of "all" equals a "seen" dataset.
  const fs::path again = aicl::test::scratchDir("actionworld_dataset_seen");
  options.actions = ActionSet::Seen;
  makeDataset(again, options);
  const std::string seen_index = aicl::test::readFileText(again / "index.csv");
  EXPECT_EQ(index.substr(0, seen_index.size()), seen_index);
}

TEST(ActionWorldDataset, PngSequencesBalancedHeldOut) {
  const fs::path dir = aicl::test::scratchDir("actionworld_dataset_png");
  DatasetOptions options;
  options.clips_per_action = 6;
  options.actions = ActionSet::HeldOut;
  options.format = DatasetFormat::Png;
  options.seed = 123;
  const auto written = makeDataset(dir, options);
  ASSERT_EQ(written.size(), 24u);
  std::map<Action, std::set<Shape>> shapes;
  std::map<Action, std::set<Colour>> colours;
  std::map<Background, int> backgrounds;
  for (const auto& entry : written) {
    EXPECT_TRUE(entry.held_out);
    EXPECT_TRUE(fs::is_directory(entry.video));
    shapes[entry.action].insert(*entry.shape);
    colours[entry.action].insert(*entry.colour);
    ++backgrounds[*entry.background];
  }
  for (Action action : heldOutActions()) {
    EXPECT_EQ(shapes[action].size(), 6u) << actionName(action);   // every shape once
    EXPECT_EQ(colours[action].size(), 6u) << actionName(action);  // six different colours
  }
  for (Background background : allBackgrounds()) EXPECT_GE(backgrounds[background], 4);
  const auto entries = readDatasetIndex(dir / "index.csv");
  ASSERT_EQ(entries.size(), 24u);
  const auto frames = aicl::decodeVideo(entries[0].video, aicl::defaultDecodeOptions());
  ASSERT_EQ(frames.size(), 16u);
  // PNG is lossless: the frames are exactly the render of the stored spec.
  const auto metadata = nlohmann::json::parse(aicl::readVideoMetadata(entries[0].video));
  const auto rendered = renderClip(specFromJson(metadata["spec"].dump()));
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].rgb, rendered[i].rgb);
  EXPECT_EQ(judgeClip(frames).action, entries[0].action);

  EXPECT_THROW(makeDataset(dir / "bad", DatasetOptions{0}), aicl::Error);
  DatasetOptions tiny;
  tiny.size = 8;
  EXPECT_THROW(makeDataset(dir / "bad", tiny), aicl::Error);
  EXPECT_EQ(parseActionSet("held_out"), ActionSet::HeldOut);
  EXPECT_EQ(parseDatasetFormat("png"), DatasetFormat::Png);
  EXPECT_THROW(parseActionSet("some"), aicl::Error);
  EXPECT_THROW(parseDatasetFormat("avi"), aicl::Error);
}

TEST(ActionWorldDataset, IndexQuotingAndJson) {
  const fs::path dir = aicl::test::scratchDir("actionworld_index");
  fs::create_directories(dir / "clips");
  writeText(dir / "clips" / "a.mp4", "not really a video");
  writeText(dir / "clips" / "b, c.mp4", "x");
  writeText(dir / "index.csv",
            "\xEF\xBB\xBF"
            "caption,path,action,extra\r\n"
            "\"a red circle, \"\"quoted\"\", on a black background\",clips/a.mp4,circling,1\r\n"
            "\r\n"
            "\"multi\nline\",\"clips/b, c.mp4\",figure_eight,\r\n");
  const auto entries = readDatasetIndex(dir);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].caption, "a red circle, \"quoted\", on a black background");
  EXPECT_EQ(entries[0].action, Action::Circling);
  EXPECT_FALSE(entries[0].shape.has_value());
  EXPECT_FALSE(entries[0].held_out);
  EXPECT_EQ(entries[0].video, (dir / "clips" / "a.mp4").lexically_normal());
  EXPECT_EQ(entries[1].caption, "multi\nline");
  EXPECT_EQ(entries[1].video.filename(), "b, c.mp4");
  EXPECT_TRUE(entries[1].held_out);

  writeText(dir / "list.json", R"([
    {"path": "clips/a.mp4", "caption": "a star", "action": "waving", "shape": "star", "split": "held_out"},
    {"path": "clips/b, c.mp4", "caption": "b", "action": "pulsing", "colour": null}
  ])");
  const auto json_entries = readDatasetIndex(dir / "list.json");
  ASSERT_EQ(json_entries.size(), 2u);
  EXPECT_EQ(json_entries[0].action, Action::Waving);
  EXPECT_EQ(json_entries[0].shape, Shape::Star);
  EXPECT_TRUE(json_entries[0].held_out);  // the split column wins
  EXPECT_FALSE(json_entries[1].colour.has_value());
}

TEST(ActionWorldDataset, MalformedIndexesNameTheFile) {
  const fs::path dir = aicl::test::scratchDir("actionworld_bad_index");
  fs::create_directories(dir / "videos");
  writeText(dir / "videos" / "a.mp4", "x");
  const std::string header = "path,caption,action,shape,colour,background,split\n";
  struct Case {
    const char* file;
    std::string content;
    const char* expected;  // part of the message besides the file name
  };
  const std::vector<Case> cases = {
      {"missing_column.csv", "path,action\nvideos/a.mp4,circling\n", "missing column 'caption'"},
      {"unknown_action.csv",
       header + "videos/a.mp4,a cat,circling,circle,red,black,seen\n"
                "videos/a.mp4,a dog,moonwalking,circle,red,black,seen\n",
       "line 3: unknown action 'moonwalking'"},
      {"unknown_shape.csv", header + "videos/a.mp4,a cat,circling,hexagon,red,black,seen\n",
       "line 2: unknown shape"},
      {"missing_video.csv", header + "videos/none.mp4,a cat,circling,circle,red,black,seen\n",
       "line 2: missing video file 'videos/none.mp4'"},
      {"fields.csv", header + "videos/a.mp4,a cat,circling\n", "line 2: expected 7 fields, got 3"},
      {"quote.csv", header + "videos/a.mp4,\"a cat,circling,circle,red,black,seen\n",
       "unterminated quoted field"},
      {"split.csv", header + "videos/a.mp4,a cat,circling,circle,red,black,train\n", "line 2: unknown split"},
      {"empty.csv", "", "empty index"},
      {"empty_caption.csv", header + "videos/a.mp4,,circling,circle,red,black,seen\n",
       "line 2: empty caption"},
      {"bad.json", "[{\"path\": \"videos/a.mp4\",", "not valid JSON"},
      {"object.json", "{\"path\": \"videos/a.mp4\"}", "expected a JSON array"},
      {"missing_key.json",
       R"([{"path": "videos/a.mp4", "caption": "c", "action": "circling"}, {"caption": "c"}])",
       "entry 2: missing key 'path'"},
      {"bad_action.json", R"([{"path": "videos/a.mp4", "caption": "c", "action": "dancing"}])",
       "entry 1: unknown action 'dancing'"},
      {"bad_type.json", R"([{"path": "videos/a.mp4", "caption": 3, "action": "circling"}])",
       "entry 1: key 'caption': expected a string"},
      {"missing_video.json", R"([{"path": "videos/b.mp4", "caption": "c", "action": "circling"}])",
       "entry 1: missing video file"},
  };
  for (const auto& c : cases) {
    const fs::path file = dir / c.file;
    writeText(file, c.content);
    const std::string message = errorOf([&] { readDatasetIndex(file); });
    EXPECT_NE(message.find(file.string()), std::string::npos) << c.file << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.file << ": " << message;
  }
  EXPECT_NE(errorOf([&] { readDatasetIndex(dir / "nothing.csv"); }).find("nothing.csv"), std::string::npos);
  fs::create_directories(dir / "empty_folder");
  EXPECT_NE(errorOf([&] { readDatasetIndex(dir / "empty_folder"); }).find("no index.csv"), std::string::npos);
}

}  // namespace
