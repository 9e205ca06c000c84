#pragma once
// A small command-line flag parser shared by the `aicl` subcommands: --name VALUE, --name=VALUE, repeatable
// flags, boolean switches and positionals. Errors are aicl::Error with one line naming the flag.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.h"

namespace aicl::cli {

class Arguments {
 public:
  // `value_flags` take a value; `switches` do not. Anything else starting with "--" is an error.
  Arguments(const Args& args, const std::set<std::string>& value_flags, const std::set<std::string>& switches = {});

  bool has(const std::string& flag) const;
  std::optional<std::string> value(const std::string& flag) const;  // the last occurrence
  std::vector<std::string> values(const std::string& flag) const;   // every occurrence, in order
  std::string required(const std::string& flag) const;

  // Typed values with range checks: "--steps: expected a whole number from 1 to 1000, got 'x'".
  int integer(const std::string& flag, int fallback, int min, int max) const;
  uint64_t unsignedInteger(const std::string& flag, uint64_t fallback) const;
  double number(const std::string& flag, double fallback, double min, double max) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

}  // namespace aicl::cli
