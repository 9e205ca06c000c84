#pragma once
// Reading JSON configuration files (diffusers config.json and friends) with errors that name the file and key.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "aicl/error.h"

namespace aicl {

// Parses a JSON file; throws aicl::Error "<file>: <problem>" when it is missing, unreadable or malformed.
nlohmann::json readJsonFile(const std::filesystem::path& path);
// Writes `value` atomically (temporary file + rename), pretty-printed.
void writeJsonFile(const std::filesystem::path& path, const nlohmann::json& value);

// config[key] as T, or `fallback` when the key is absent or null; a value of the wrong type throws
// aicl::Error "<file>: key '<key>': expected <type>, got <json>".
template <typename T>
T jsonValue(const nlohmann::json& config, const std::string& key, const T& fallback,
            const std::filesystem::path& file) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(file.string() + ": key '" + key + "': unexpected value " + it->dump());
  }
}

// Like jsonValue, but the key must be present.
template <typename T>
T jsonRequired(const nlohmann::json& config, const std::string& key, const std::filesystem::path& file) {
  if (!config.contains(key) || config.at(key).is_null()) throw Error(file.string() + ": missing key '" + key + "'");
  return jsonValue<T>(config, key, T{}, file);
}

}  // namespace aicl
