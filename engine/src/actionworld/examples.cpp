// Example reference sets shipped with the application: the first run shows AICL without hunting for videos.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "aicl/actionworld.h"
#include "aicl/error.h"
#include "core/json_file.h"
#include "io/atomic_file.h"

namespace aicl::actionworld {

namespace {

// Every held-out action (what AICL is for) and three seen ones (what the base model already does).
std::vector<Action> exampleActions() {
  std::vector<Action> actions = heldOutActions();
  for (Action seen : {Action::MovingRight, Action::Circling, Action::Bouncing}) actions.push_back(seen);
  return actions;
}

template <typename T>
T drawOther(const std::vector<T>& all, const std::vector<T>& taken, std::mt19937_64& rng) {
  std::vector<T> free;
  for (const T& value : all)
    if (std::find(taken.begin(), taken.end(), value) == taken.end()) free.push_back(value);
  const auto& pool = free.empty() ? all : free;
  return pool[static_cast<size_t>(rng() % pool.size())];
}

}  // namespace

std::vector<ExampleSet> writeExampleSets(const std::filesystem::path& out_dir, const ExampleOptions& options) {
  if (options.references < 1 || options.references > 8)
    throw Error("examples: references per set must be 1..8, got " + std::to_string(options.references));
  std::mt19937_64 rng(options.seed);
  std::vector<ExampleSet> sets;
  nlohmann::ordered_json index = {{"about", "Reference videos for AICL Studio's Help > Examples: "
                                            "aicl make-dataset actionworld --examples"},
                                  {"sets", nlohmann::ordered_json::array()}};
  for (const Action action : exampleActions()) {
    ExampleSet set;
    set.name = actionName(action);
    set.action = action;
    std::vector<Shape> shapes;
    std::vector<Colour> colours;
    std::vector<Background> backgrounds;
    for (int r = 0; r < options.references; ++r) {
      const Shape shape = drawOther(allShapes(), shapes, rng);
      const Colour colour = drawOther(allColours(), colours, rng);
      const Background background = drawOther(allBackgrounds(), backgrounds, rng);
      shapes.push_back(shape);
      colours.push_back(colour);
      backgrounds.push_back(background);
      const ClipSpec spec = randomClipSpec(action, shape, colour, background, rng, options.size, options.frames);
      const std::filesystem::path file = set.name + "_" + std::to_string(r + 1) + ".mp4";
      EncodeOptions encode = defaultEncodeOptions();
      encode.crf = 4;
      encode.metadata_json = specToJson(spec);
      std::filesystem::create_directories(out_dir);
      encodeVideo(out_dir / file, VideoFormat::Mp4, renderClip(spec), encode);
      set.references.push_back({file, caption(spec)});
    }
    // The target differs from every reference in shape and colour, so what AICL carries over is the motion.
    ClipSpec target;
    target.action = action;
    target.shape = drawOther(allShapes(), shapes, rng);
    target.colour = drawOther(allColours(), colours, rng);
    target.background = drawOther(allBackgrounds(), backgrounds, rng);
    set.prompt = caption(target);
    nlohmann::ordered_json references = nlohmann::ordered_json::array();
    for (const auto& reference : set.references)
      references.push_back({{"path", reference.path.string()}, {"caption", reference.caption}});
    index["sets"].push_back({{"name", set.name},
                             {"action", actionName(action)},
                             {"held_out", isHeldOut(action)},
                             {"prompt", set.prompt},
                             {"mode", "both"},
                             {"references", references}});
    sets.push_back(std::move(set));
  }
  writeFileAtomically(out_dir / "examples.json", index.dump(2) + "\n");
  return sets;
}

std::vector<ExampleSet> readExampleSets(const std::filesystem::path& folder) {
  const auto file = folder / "examples.json";
  auto fail = [&](const std::string& problem) { return Error(file.string() + ": " + problem); };
  const nlohmann::json index = readJsonFile(file);
  if (!index.contains("sets") || !index["sets"].is_array()) throw fail("no \"sets\" array");
  std::vector<ExampleSet> sets;
  try {
  for (const auto& entry : index["sets"]) {
    const std::string where = "set " + std::to_string(sets.size() + 1);
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() || !entry.contains("action") ||
        !entry["action"].is_string() || !entry.contains("prompt") || !entry["prompt"].is_string() ||
        !entry.contains("references") || !entry["references"].is_array())
      throw fail(where + ": needs the strings name, action and prompt and a references array");
    ExampleSet set;
    set.name = entry["name"].get<std::string>();
    try {
      set.action = parseAction(entry["action"].get<std::string>());
    } catch (const Error& e) {
      throw fail(where + ": " + e.what());
    }
    set.prompt = entry["prompt"].get<std::string>();
    for (const auto& reference : entry["references"]) {
      if (!reference.is_object() || !reference.contains("path") || !reference["path"].is_string())
        throw fail(where + ": a reference without a path");
      ExampleReference loaded{folder / reference["path"].get<std::string>(), reference.value("caption", "")};
      if (!std::filesystem::exists(loaded.path)) throw fail(where + ": " + loaded.path.string() + " is missing");
      set.references.push_back(std::move(loaded));
    }
    if (set.references.empty()) throw fail(where + ": no references");
    sets.push_back(std::move(set));
  }
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("unexpected value (") + e.what() + ")");
  }
  return sets;
}

}  // namespace aicl::actionworld
