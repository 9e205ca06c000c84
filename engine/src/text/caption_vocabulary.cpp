#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "io/atomic_file.h"
#include "text/clip_tokenizer.h"

namespace aicl::text {

void writeCaptionVocabulary(const std::vector<std::string>& captions, const std::filesystem::path& folder) {
  const auto bytes = byteEncoder();
  nlohmann::ordered_json vocab;
  int64_t next = 0;
  for (const auto& token : bytes) vocab[token] = next++;
  for (const auto& token : bytes) vocab[token + "</w>"] = next++;
  std::vector<std::string> merges;
  std::set<std::string> known;
  for (const auto& caption : captions) {
    // The cleaned caption's words (CLIP lower-cases and splits on white space and punctuation).
    std::string word;
    const std::string cleaned = ClipTokenizer::clean(caption) + " ";
    for (char c : cleaned) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += c;
        continue;
      }
      if (word.size() > 1) {
        std::string suffix = word.substr(word.size() - 1) + "</w>";
        for (size_t k = word.size() - 1; k-- > 0;) {
          const std::string left(1, word[k]);
          const std::string merged = left + suffix;
          if (known.insert(merged).second) {
            merges.push_back(left + " " + suffix);
            vocab[merged] = next++;
          }
          suffix = merged;
        }
      }
      word.clear();
    }
  }
  vocab["<|startoftext|>"] = next++;
  vocab["<|endoftext|>"] = next++;
  std::filesystem::create_directories(folder);
  std::string merges_text = "#version: 0.2 (AICL Studio caption vocabulary)\n";
  for (const auto& merge : merges) merges_text += merge + "\n";
  writeFileAtomically(folder / "merges.txt", merges_text);
  writeFileAtomically(folder / "vocab.json", vocab.dump());
}

}  // namespace aicl::text
