// ActionWorld datasets: writing balanced, deterministic clip folders with a CSV index, and reading indexes
// (CSV or JSON) back with errors that name the file and the line or entry.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "actionworld/internal.h"
#include "aicl/error.h"
#include "io/atomic_file.h"

namespace aicl::actionworld {
namespace {

using namespace detail;
namespace fs = std::filesystem;

// The `index`-th item of a balanced sequence over `count` values: consecutive blocks of `count` items are
// independent random permutations, so counts never differ by more than one.
int balancedChoice(uint64_t seed, int action, uint64_t salt, int index, int count) {
  const int block = index / count, position = index % count;
  std::mt19937_64 rng(
      splitmix64(seed ^ splitmix64(salt ^ splitmix64(static_cast<uint64_t>(action) * 0x10001ull +
                                                     static_cast<uint64_t>(block)))));
  std::vector<int> permutation(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) permutation[static_cast<size_t>(i)] = i;
  for (int i = count - 1; i > 0; --i)
    std::swap(permutation[static_cast<size_t>(i)],
              permutation[static_cast<size_t>(uniformIndex(rng, i + 1))]);
  return permutation[static_cast<size_t>(position)];
}

std::string csvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string trim(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct RawEntry {
  std::string where;  // "line 3" or "entry 2"
  std::string path, caption, action;
  std::optional<std::string> shape, colour, background, split;
};

DatasetEntry makeEntry(const fs::path& file, const RawEntry& raw) {
  const std::string prefix = file.string() + ": " + raw.where + ": ";
  if (raw.path.empty()) throw Error(prefix + "empty path");
  if (raw.caption.empty()) throw Error(prefix + "empty caption");
  DatasetEntry entry;
  entry.caption = raw.caption;
  try {
    entry.action = parseAction(raw.action);
    if (raw.shape && !raw.shape->empty()) entry.shape = parseShape(*raw.shape);
    if (raw.colour && !raw.colour->empty()) entry.colour = parseColour(*raw.colour);
    if (raw.background && !raw.background->empty()) entry.background = parseBackground(*raw.background);
  } catch (const Error& e) {
    throw Error(prefix + e.what());
  }
  if (!raw.split || raw.split->empty()) {
    entry.held_out = isHeldOut(entry.action);
  } else if (*raw.split == "seen") {
    entry.held_out = false;
  } else if (*raw.split == "held_out") {
    entry.held_out = true;
  } else {
    throw Error(prefix + "unknown split '" + *raw.split + "' (expected seen or held_out)");
  }
  const fs::path relative(raw.path);
  entry.video = (relative.is_absolute() ? relative : file.parent_path() / relative).lexically_normal();
  std::error_code error;
  if (!fs::exists(entry.video, error)) throw Error(prefix + "missing video file '" + raw.path + "'");
  return entry;
}

// RFC 4180 records with the line each starts on; quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::pair<int, std::vector<std::string>>> parseCsv(const fs::path& file,
                                                               const std::string& text) {
  std::vector<std::pair<int, std::vector<std::string>>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, was_quoted = false;
  int line = 1, record_line = 1;
  auto endRecord = [&] {
    fields.push_back(was_quoted ? field : trim(field));
    const bool blank = fields.size() == 1 && fields[0].empty() && !was_quoted;
    if (!blank) records.emplace_back(record_line, fields);
    fields.clear();
    field.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          // Only spaces may follow the closing quote before the separator.
          size_t next = i + 1;
          while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
          if (next < text.size() && text[next] != ',' && text[next] != '\n' && text[next] != '\r')
            throw Error(file.string() + ": line " + std::to_string(line) +
                        ": unexpected text after a closing quote");
          i = next - 1;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && trim(field).empty()) {
      quoted = was_quoted = true;
      field.clear();
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      endRecord();
      ++line;
      record_line = line;
    } else {
      field += c;
    }
  }
  if (quoted)
    throw Error(file.string() + ": line " + std::to_string(record_line) + ": unterminated quoted field");
  if (!field.empty() || !fields.empty() || was_quoted) endRecord();
  return records;
}

std::vector<DatasetEntry> readCsvIndex(const fs::path& file, const std::string& text) {
  const auto records = parseCsv(file, text);
  if (records.empty()) throw Error(file.string() + ": empty index (expected a header line)");
  const auto& header = records.front().second;
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = lower(header[i]);
    if (name.empty()) continue;
    if (column.count(name)) throw Error(file.string() + ": line 1: column '" + name + "' appears twice");
    column[name] = i;
  }
  for (const char* required : {"path", "caption", "action"})
    if (!column.count(required))
      throw Error(file.string() + ": line " + std::to_string(records.front().first) + ": missing column '" +
                  required + "' (the header must name path, caption and action)");
  std::vector<DatasetEntry> entries;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& [line, fields] = records[r];
    if (fields.size() != header.size())
      throw Error(file.string() + ": line " + std::to_string(line) + ": expected " +
                  std::to_string(header.size()) + " fields, got " + std::to_string(fields.size()));
    auto optional = [&](const char* name) -> std::optional<std::string> {
      auto it = column.find(name);
      if (it == column.end()) return std::nullopt;
      return fields[it->second];
    };
    RawEntry raw;
    raw.where = "line " + std::to_string(line);
    raw.path = fields[column["path"]];
    raw.caption = fields[column["caption"]];
    raw.action = fields[column["action"]];
    raw.shape = optional("shape");
    raw.colour = optional("colour");
    raw.background = optional("background");
    raw.split = optional("split");
    entries.push_back(makeEntry(file, raw));
  }
  return entries;
}

std::vector<DatasetEntry> readJsonIndex(const fs::path& file, const std::string& text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON: " + e.what());
  }
  if (!json.is_array()) throw Error(file.string() + ": expected a JSON array of objects");
  std::vector<DatasetEntry> entries;
  for (size_t i = 0; i < json.size(); ++i) {
    const auto& item = json[i];
    RawEntry raw;
    raw.where = "entry " + std::to_string(i + 1);
    const std::string prefix = file.string() + ": " + raw.where + ": ";
    if (!item.is_object()) throw Error(prefix + "expected an object");
    auto required = [&](const char* key) {
      if (!item.contains(key) || item[key].is_null()) throw Error(prefix + "missing key '" + key + "'");
      if (!item[key].is_string()) throw Error(prefix + "key '" + key + "': expected a string");
      return trim(item[key].get<std::string>());
    };
    auto optional = [&](const char* key) -> std::optional<std::string> {
      if (!item.contains(key) || item[key].is_null()) return std::nullopt;
      if (!item[key].is_string()) throw Error(prefix + "key '" + key + "': expected a string");
      return trim(item[key].get<std::string>());
    };
    raw.path = required("path");
    raw.caption = required("caption");
    raw.action = required("action");
    raw.shape = optional("shape");
    raw.colour = optional("colour");
    raw.background = optional("background");
    raw.split = optional("split");
    entries.push_back(makeEntry(file, raw));
  }
  return entries;
}

}  // namespace

ActionSet parseActionSet(const std::string& name) {
  if (name == "seen") return ActionSet::Seen;
  if (name == "held_out") return ActionSet::HeldOut;
  if (name == "all") return ActionSet::All;
  throw Error("unknown action set '" + name + "' (expected seen, held_out or all)");
}

DatasetFormat parseDatasetFormat(const std::string& name) {
  if (name == "mp4") return DatasetFormat::Mp4;
  if (name == "png") return DatasetFormat::Png;
  throw Error("unknown dataset format '" + name + "' (expected mp4 or png)");
}

std::vector<Action> actionsOf(ActionSet set) {
  switch (set) {
    case ActionSet::Seen:
      return seenActions();
    case ActionSet::HeldOut:
      return heldOutActions();
    case ActionSet::All:
      break;
  }
  return allActions();
}

std::vector<DatasetEntry> makeDataset(const fs::path& out_dir, const DatasetOptions& options,
                                      const DatasetProgress& progress) {
  if (options.clips_per_action < 1 || options.clips_per_action > 100000)
    throw Error("makeDataset: clips per action must be 1..100000, got " +
                std::to_string(options.clips_per_action));
  if (options.size < 16 || options.size > 1024)
    throw Error("makeDataset: size must be 16..1024 pixels, got " + std::to_string(options.size));
  if (options.frames < 2 || options.frames > 256)
    throw Error("makeDataset: frames must be 2..256, got " + std::to_string(options.frames));
  if (options.crf < 0 || options.crf > 51) throw Error("makeDataset: crf must be 0..51");
  const fs::path videos = out_dir / "videos";
  std::error_code error;
  fs::create_directories(videos, error);
  if (error) throw Error(videos.string() + ": cannot create folder: " + error.message());

  const std::vector<Action> actions = actionsOf(options.actions);
  const int total = static_cast<int>(actions.size()) * options.clips_per_action;
  const auto& shapes = allShapes();
  const auto& colours = allColours();
  const auto& backgrounds = allBackgrounds();
  std::vector<DatasetEntry> entries;
  std::ostringstream index;
  index << "path,caption,action,shape,colour,background,split\n";
  int done = 0;
  if (progress) progress(0, total);
  for (Action action : actions) {
    const int id = static_cast<int>(action);
    for (int k = 0; k < options.clips_per_action; ++k) {
      const Shape shape = shapes[static_cast<size_t>(
          balancedChoice(options.seed, id, 0x5348ull, k, static_cast<int>(shapes.size())))];
      const Colour colour = colours[static_cast<size_t>(
          balancedChoice(options.seed, id, 0x434full, k, static_cast<int>(colours.size())))];
      const Background background = backgrounds[static_cast<size_t>(
          balancedChoice(options.seed, id, 0x4247ull, k, static_cast<int>(backgrounds.size())))];
      std::mt19937_64 rng(splitmix64(
          options.seed ^ splitmix64((static_cast<uint64_t>(id) << 32) ^ static_cast<uint64_t>(k))));
      const ClipSpec spec =
          randomClipSpec(action, shape, colour, background, rng, options.size, options.frames);
      const std::vector<Frame> frames = renderClip(spec);

      char number[32];
      std::snprintf(number, sizeof(number), "_%04d", k);
      const std::string relative =
          "videos/" + actionName(action) + number + (options.format == DatasetFormat::Mp4 ? ".mp4" : "");
      EncodeOptions encode = defaultEncodeOptions();
      encode.fps = kFps;
      encode.crf = options.crf;
      nlohmann::json metadata = {{"generator", "aicl-actionworld"},
                                 {"caption", caption(spec)},
                                 {"split", isHeldOut(action) ? "held_out" : "seen"},
                                 {"spec", nlohmann::json::parse(specToJson(spec))}};
      encode.metadata_json = metadata.dump();
      encodeVideo(out_dir / relative,
                  options.format == DatasetFormat::Mp4 ? VideoFormat::Mp4 : VideoFormat::PngSequence, frames,
                  encode);

      DatasetEntry entry;
      entry.video = out_dir / relative;
      entry.caption = caption(spec);
      entry.action = action;
      entry.shape = shape;
      entry.colour = colour;
      entry.background = background;
      entry.held_out = isHeldOut(action);
      index << csvField(relative) << ',' << csvField(entry.caption) << ',' << actionName(action) << ','
            << shapeName(shape) << ',' << colourName(colour) << ',' << backgroundName(background) << ','
            << (entry.held_out ? "held_out" : "seen") << '\n';
      entries.push_back(std::move(entry));
      if (progress) progress(++done, total);
    }
  }
  writeFileAtomically(out_dir / "index.csv", index.str());
  return entries;
}

std::vector<DatasetEntry> readDatasetIndex(const fs::path& path) {
  std::error_code error;
  fs::path file = path;
  if (fs::is_directory(path, error)) {
    if (fs::is_regular_file(path / "index.csv", error)) {
      file = path / "index.csv";
    } else if (fs::is_regular_file(path / "index.json", error)) {
      file = path / "index.json";
    } else {
      throw Error(path.string() + ": no index.csv or index.json in this folder");
    }
  } else if (!fs::exists(path, error)) {
    throw Error(path.string() + ": no such file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error(file.string() + ": cannot read");
  std::string text = buffer.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool json =
      lower(file.extension().string()) == ".json" || (first != std::string::npos && text[first] == '[');
  return json ? readJsonIndex(file, text) : readCsvIndex(file, text);
}

}  // namespace aicl::actionworld
