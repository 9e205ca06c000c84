#pragma once
#include <stdexcept>
#include <string>

namespace aicl {

// Every failure the engine reports to a user: the message names the file (and tensor, key or frame) and the
// problem, so the CLI can print it as one line and the GUI can show it inline.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aicl
