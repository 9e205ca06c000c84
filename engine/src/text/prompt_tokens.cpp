#include "aicl/prompt_tokens.h"

#include "pipeline/model_folder.h"
#include "text/clip_tokenizer.h"

namespace aicl {

namespace {
constexpr size_t kCountCap = 4 * kPromptTokenLimit + 1;
}

PromptTokenCounter PromptTokenCounter::forModel(const std::filesystem::path& model_folder) {
  const ModelFolder folder = locateModelFolder(model_folder);
  return PromptTokenCounter(std::make_shared<const text::ClipTokenizer>(
      text::ClipTokenizer::load(folder.tokenizer_vocab, folder.tokenizer_merges)));
}

PromptTokenCounter::PromptTokenCounter(std::shared_ptr<const text::ClipTokenizer> tokenizer)
    : tokenizer_(std::move(tokenizer)) {}

int64_t PromptTokenCounter::count(const std::string& prompt) const {
  return static_cast<int64_t>(tokenizer_->encode(prompt, kCountCap).size()) - 2;
}

std::string promptCutWarning(int64_t tokens) {
  if (tokens <= kPromptTokenLimit) return {};
  const std::string count = tokens >= static_cast<int64_t>(kCountCap) ? "more than " + std::to_string(kCountCap - 1)
                                                                       : std::to_string(tokens);
  return "the prompt has " + count + " tokens; the text encoder reads the first " + std::to_string(kPromptTokenLimit) +
         " and ignores the rest";
}

}  // namespace aicl
