#pragma once
// How much of a prompt the text encoder reads. CLIP's window is 77 tokens with the begin and end tokens, so 75
// of the prompt's own; the rest is cut. Plain C++ and cheap: the application counts as the user types.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace aicl {

namespace text {
class ClipTokenizer;
}

constexpr int64_t kTextContextLength = 77;
constexpr int64_t kPromptTokenLimit = kTextContextLength - 2;

class PromptTokenCounter {
 public:
  // The model folder's tokenizer (tokenizer/vocab.json and merges.txt); throws aicl::Error naming the file.
  static PromptTokenCounter forModel(const std::filesystem::path& model_folder);
  explicit PromptTokenCounter(std::shared_ptr<const text::ClipTokenizer> tokenizer);
  // The prompt's tokens, without the begin and end tokens (counting stops a little past the limit's 4x, so a
  // 10,000-character prompt costs no more than a long one).
  int64_t count(const std::string& prompt) const;

 private:
  std::shared_ptr<const text::ClipTokenizer> tokenizer_;
};

// "the prompt has N tokens; the text encoder reads the first 75 and ignores the rest", or "" when it fits.
std::string promptCutWarning(int64_t tokens);

}  // namespace aicl
