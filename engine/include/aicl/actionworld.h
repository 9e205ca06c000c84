#pragma once
// ActionWorld: a procedural video world of coloured shapes performing actions, for training and evaluating
// action in-context learning without any downloaded data, plus a motion judge that names the action, shape,
// colour and background of a (possibly blurry, noisy, generated) clip. Plain C++17 + OpenCV; no torch, no Qt.
//
// Coordinates are pixels, x to the right and y down, pixel centres at integer + 0.5 (the frame covers
// [0, size] x [0, size]). Every trajectory is defined over the normalised clip time u = i / (frames - 1).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "aicl/video_io.h"

namespace aicl::actionworld {

// ---- Vocabulary ------------------------------------------------------------------------------------------

enum class Shape { Circle, Square, Triangle, Diamond, Star, Cross };
enum class Colour { Red, Green, Blue, Yellow, Purple, Orange, White, Cyan };
enum class Background { Black, Gray, Navy, Brown };
enum class Action {
  // seen (training) actions
  MovingLeft,
  MovingRight,
  MovingUp,
  MovingDown,
  MovingDiagonally,
  Circling,
  Bouncing,
  Shaking,
  Waving,
  Jumping,
  Growing,
  Shrinking,
  StandingStill,
  // held-out actions
  Zigzagging,
  Spiraling,
  FigureEight,
  Pulsing,
};

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
};

const std::vector<Action>& allActions();      // in enum order
const std::vector<Action>& seenActions();     // the 13 training actions
const std::vector<Action>& heldOutActions();  // zigzagging, spiraling, figure eight, pulsing
bool isHeldOut(Action action);
const std::vector<Shape>& allShapes();
const std::vector<Colour>& allColours();
const std::vector<Background>& allBackgrounds();

// snake_case identifiers ("moving_left", "figure_eight", "circle", "navy") and caption phrases.
std::string actionName(Action action);
std::string actionPhrase(Action action);  // "moving left", "moving in a figure eight"
// The caption without the action's phrase ("a red circle moving left on a blue background" -> "a red circle on a
// blue background"); throws aicl::Error quoting both when the caption does not contain it.
std::string withoutActionPhrase(const std::string& caption, Action action);
std::string shapeName(Shape shape);
std::string colourName(Colour colour);
std::string backgroundName(Background background);
// Inverse of the names (exact, lower case); throw aicl::Error "unknown action 'x' (expected one of ...)".
Action parseAction(const std::string& name);
Shape parseShape(const std::string& name);
Colour parseColour(const std::string& name);
Background parseBackground(const std::string& name);

Rgb colourRgb(Colour colour);
Rgb backgroundRgb(Background background);

// ---- Clips ------------------------------------------------------------------------------------------------

// One clip. What amplitude, speed, phase, direction and secondary mean depends on the action (all lengths in
// pixels; `radius` is the subject's circumradius, every shape fits in that circle):
//   moving_left/right/up/down/diagonally: travel along `direction` (radians, 0 = right, pi/2 = down) at
//       `speed` pixels per frame; the centre is the midpoint of the path.
//   circling: circle of radius `amplitude` around the centre, `speed` turns per clip, starting angle `phase`,
//       direction = +1 clockwise on screen / -1 counter-clockwise.
//   bouncing: `speed` hops per clip, y = floor - amplitude * |sin(pi * speed * u + phase)|; centre = floor.
//   shaking: fast horizontal jitter x += amplitude * sin(2 pi speed u + phase).
//   waving: inverted pendulum (an arm waving) of length `amplitude` swinging by +-`secondary` radians at
//       `speed` swings per clip; the centre is the top of the arc.
//   jumping: one hop of height `amplitude` that starts at u = `phase` and lasts `secondary` of the clip.
//   growing / shrinking: the radius changes geometrically between radius / amplitude and radius
//       (amplitude = ratio of the largest to the smallest size, > 1); `radius` is the largest radius.
//   standing_still: nothing moves.
//   zigzagging: steady horizontal travel at `speed` pixels per frame (direction 0 = right, pi = left) plus a
//       triangle wave of amplitude `amplitude` in y with `secondary` periods per clip, starting at `phase`.
//   spiraling: circle around the centre whose radius grows linearly from `secondary` to `amplitude`,
//       `speed` turns per clip, starting angle `phase`, direction = +-1 as for circling.
//   figure_eight: Lissajous 1:2, x = direction * amplitude * sin(w), y = secondary * sin(2 w),
//       w = 2 pi speed u + phase.
//   pulsing: radius = radius * exp(amplitude * sin(2 pi speed u + phase)).
struct ClipSpec {
  Shape shape = Shape::Circle;
  Colour colour = Colour::Red;
  Background background = Background::Black;
  Action action = Action::StandingStill;
  int size = 32;    // square frames, pixels
  int frames = 16;  // at 8 fps
  double centre_x = 16.0;
  double centre_y = 16.0;
  double radius = 5.0;
  double amplitude = 0.0;
  double speed = 0.0;
  double phase = 0.0;
  double direction = 0.0;
  double secondary = 0.0;
};

// Where the subject is in frame `index` (pixels) and how large (circumradius, pixels).
struct SubjectState {
  double x = 0.0;
  double y = 0.0;
  double radius = 0.0;
};
SubjectState subjectAt(const ClipSpec& spec, int index);
std::vector<SubjectState> subjectTrack(const ClipSpec& spec);
// True when the subject's circumcircle stays at least `margin` pixels inside the frame in every frame.
bool subjectInside(const ClipSpec& spec, double margin = 1.0);

// A random clip of `action` with the given appearance: position, size, amplitude, speed, phase and direction
// drawn from the action's ranges (fractions of `size`, so any size works), such that the subject stays at
// least one pixel inside the frame in every frame. Deterministic for a generator state (only raw
// mt19937_64 outputs are used, so the draw is the same on every standard library). frames >= 2, size >= 16.
ClipSpec randomClipSpec(Action action, Shape shape, Colour colour, Background background,
                        std::mt19937_64& rng, int size = 32, int frames = 16);

// "a red circle bouncing on a black background"
std::string caption(const ClipSpec& spec);

// The spec as a JSON object (names for the enums) and back; specFromJson throws aicl::Error on bad input.
std::string specToJson(const ClipSpec& spec);
ClipSpec specFromJson(const std::string& json);

// RGB24 frames of size x size, time = i / 8. Antialiased (drawn at 8x, area-downscaled). Deterministic.
std::vector<Frame> renderClip(const ClipSpec& spec);

// ---- Datasets ---------------------------------------------------------------------------------------------

enum class ActionSet { Seen, HeldOut, All };
enum class DatasetFormat { Mp4, Png };
ActionSet parseActionSet(const std::string& name);          // "seen", "held_out", "all"
DatasetFormat parseDatasetFormat(const std::string& name);  // "mp4", "png"
std::vector<Action> actionsOf(ActionSet set);

struct DatasetOptions {
  int clips_per_action = 24;
  int size = 32;
  int frames = 16;
  uint64_t seed = 0;
  ActionSet actions = ActionSet::All;
  DatasetFormat format = DatasetFormat::Mp4;
  int crf = 4;  // H.264 quality for Mp4 (near-lossless)
};

// One row of an index. `video` is resolved against the index's folder.
struct DatasetEntry {
  std::filesystem::path video;
  std::string caption;
  Action action = Action::StandingStill;
  std::optional<Shape> shape;
  std::optional<Colour> colour;
  std::optional<Background> background;
  bool held_out = false;  // the split column ("seen" | "held_out"); isHeldOut(action) when absent
};

// (clips written, clips in total)
using DatasetProgress = std::function<void(int done, int total)>;

// Writes out_dir/videos/<action>_<NNNN>.mp4 (or a PNG-sequence folder <action>_<NNNN>) for every action of
// the set, with the clip's spec and caption as metadata, and out_dir/index.csv (atomically) with the header
// path,caption,action,shape,colour,background,split. Shapes, colours and backgrounds are balanced per action
// (counts differ by at most one); the clip of (action, index) depends only on seed, action, index, size and
// frames, so the seen part of an "all" dataset equals a "seen" dataset. Returns the entries written.
// Throws aicl::Error for bad options or failed writes.
std::vector<DatasetEntry> makeDataset(const std::filesystem::path& out_dir, const DatasetOptions& options,
                                      const DatasetProgress& progress = {});

// Reads an index: a folder (its index.csv, else index.json) or a file. CSV (.csv or anything not .json): a
// header naming the columns (path, caption and action required; shape, colour, background, split optional;
// other columns ignored), RFC 4180 quoting. JSON: an array of objects with the same keys. Throws aicl::Error
// "<file>: line N: <problem>" (CSV) or "<file>: entry N: <problem>" (JSON, 1-based) for malformed input,
// unknown names and missing video files.
std::vector<DatasetEntry> readDatasetIndex(const std::filesystem::path& path);

// ---- Example reference sets ------------------------------------------------------------------------------

struct ExampleReference {
  std::filesystem::path path;  // relative to the examples folder when written, absolute when read
  std::string caption;
};

// A few reference clips of one action and a prompt for a new subject performing it: what Help > Examples loads.
struct ExampleSet {
  std::string name;  // the action's identifier, e.g. "zigzagging"
  Action action = Action::StandingStill;
  std::string prompt;  // shape and colour unlike every reference's
  std::vector<ExampleReference> references;
};

struct ExampleOptions {
  int references = 3;
  int size = 32;  // the default model's size
  int frames = 16;
  uint64_t seed = 7;
};

// Renders a set for every held-out action and three seen ones into out_dir (<action>_<n>.mp4) and indexes them
// in out_dir/examples.json. Deterministic for the options. Throws aicl::Error.
std::vector<ExampleSet> writeExampleSets(const std::filesystem::path& out_dir, const ExampleOptions& options = {});
// Reads out_dir/examples.json; throws aicl::Error "<file>: <problem>" for a malformed index or a missing clip.
std::vector<ExampleSet> readExampleSets(const std::filesystem::path& folder);

// ---- Motion judge -----------------------------------------------------------------------------------------

// Per frame: the subject's centroid (pixels) and area (pixels, foreground-weighted); found = a subject
// component was detected in that frame (missing frames are interpolated from their neighbours).
struct TrackPoint {
  double x = 0.0;
  double y = 0.0;
  double area = 0.0;
  bool found = false;
};

struct Judgement {
  bool subject_found = false;  // a subject was detected in at least 60 % of the frames
  Action action = Action::StandingStill;
  // For every action: the RMS distance per frame between the observed track and the best-fitting trajectory
  // of that action (x and y as fractions of the frame, both centred on their means, plus 0.3 * the centred
  // log of the radius); lower is better, `action` has the smallest.
  std::map<Action, double> action_distances;
  double action_margin = 0.0;  // second-smallest minus smallest distance
  Shape shape = Shape::Circle;
  std::map<Shape, double> shape_scores;  // template correlation in [-1, 1]; higher is better
  Colour colour = Colour::Red;
  Background background = Background::Black;
  Rgb subject_rgb;     // measured core colour of the subject
  Rgb background_rgb;  // measured background colour
  std::vector<TrackPoint> track;
};

// Judges a clip of any size and frame count (>= 2 frames of equal size). Deterministic, thread-safe.
// Throws aicl::Error for empty or inconsistent frames.
Judgement judgeClip(const std::vector<Frame>& frames);

// Accumulates judgements against expectations for an evaluation run.
class EvaluationTally {
 public:
  void add(Action expected, const Judgement& judgement, Shape expected_shape, Colour expected_colour);

  size_t count() const { return records_.size(); }
  // Over the clips whose expected action is in `subset` (all clips when it is empty); 0 when none.
  double actionAccuracy(const std::vector<Action>& subset = {}) const;
  double appearanceAccuracy(const std::vector<Action>& subset = {}) const;  // colour and shape both right
  // {"actions": [names], "matrix": [[count]]}: row = expected action, column = judged action, allActions
  // order.
  std::string confusionJson() const;
  // {"clips", "overall"/"seen"/"held_out": {"clips", "action_accuracy", "appearance_accuracy"} (null when
  //  empty), "per_action": {name: {"clips", "correct", "accuracy"}}, "confusion": confusionJson()}
  std::string toJson() const;

 private:
  struct Record {
    Action expected;
    Action judged;
    bool appearance_correct;
  };
  std::vector<Record> records_;
};

}  // namespace aicl::actionworld
