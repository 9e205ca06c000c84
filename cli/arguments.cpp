#include "arguments.h"

#include <cerrno>
#include <cstdlib>

#include "aicl/error.h"

namespace aicl::cli {

Arguments::Arguments(const Args& args, const std::set<std::string>& value_flags,
                     const std::set<std::string>& switches) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positionals_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name)) {
      if (inline_value) throw Error("--" + name + " takes no value");
      values_[name].push_back("1");
    } else if (value_flags.count(name)) {
      if (inline_value) {
        values_[name].push_back(*inline_value);
      } else {
        if (i + 1 >= args.size()) throw Error("--" + name + " needs a value");
        values_[name].push_back(args[++i]);
      }
    } else {
      throw Error("unknown option --" + name);
    }
  }
}

bool Arguments::has(const std::string& flag) const { return values_.count(flag) > 0; }

std::optional<std::string> Arguments::value(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Arguments::values(const std::string& flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Arguments::required(const std::string& flag) const {
  auto text = value(flag);
  if (!text) throw Error("--" + flag + " is required");
  return *text;
}

int Arguments::integer(const std::string& flag, int fallback, int min, int max) const {
  auto text = value(flag);
  if (!text) return fallback;
  errno = 0;
  char* end = nullptr;
  const long parsed = std::strtol(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno != 0 || parsed < min || parsed > max) {
    throw Error("--" + flag + ": expected a whole number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", got '" + *text + "'");
  }
  return static_cast<int>(parsed);
}

uint64_t Arguments::unsignedInteger(const std::string& flag, uint64_t fallback) const {
  auto text = value(flag);
  if (!text) return fallback;
  errno = 0;
  char* end = nullptr;
  const unsigned long long parsed = std::strtoull(text->c_str(), &end, 10);
  if (text->empty() || (*text)[0] == '-' || *end != '\0' || errno != 0)
    throw Error("--" + flag + ": expected a non-negative whole number, got '" + *text + "'");
  return parsed;
}

double Arguments::number(const std::string& flag, double fallback, double min, double max) const {
  auto text = value(flag);
  if (!text) return fallback;
  errno = 0;
  char* end = nullptr;
  const double parsed = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || errno != 0 || !(parsed >= min && parsed <= max)) {
    throw Error("--" + flag + ": expected a number from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got '" + *text + "'");
  }
  return parsed;
}

}  // namespace aicl::cli
