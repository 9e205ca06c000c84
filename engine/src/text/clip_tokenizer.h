#pragma once
// CLIP's byte-level BPE tokenizer (vocab.json + merges.txt), as openai/CLIP's simple_tokenizer: clean the text
// (HTML entities, white space, lower case), split it with CLIP's pattern, byte-encode each piece and merge
// byte pairs by rank. Unicode classes come from ICU. Not reproduced: ftfy's repairs (mojibake, ligatures,
// full-width forms, curly quotes) and NFC normalisation.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace aicl::text {

struct TokenizedPrompt {
  std::vector<int64_t> ids;  // exactly context_length ids
  int64_t length = 0;        // ids before padding (including BOS and EOS)
};

// CLIP's bytes_to_unicode: the string each byte is written as in vocab.json (printable bytes map to themselves,
// the others to code points 256 + n).
std::vector<std::string> byteEncoder();

// Writes vocab.json and merges.txt of a small vocabulary for a closed set of captions: the 512 byte tokens (so
// any text still tokenizes) plus one token per caption word. Merges build each word from its end ("e</w>",
// "le</w>", ...), so a merge can only apply at a word's end and every caption word becomes one token whatever
// the merge order.
void writeCaptionVocabulary(const std::vector<std::string>& captions, const std::filesystem::path& folder);

class ClipTokenizer {
 public:
  // Throws aicl::Error naming the file for a missing or malformed vocab.json / merges.txt.
  static ClipTokenizer load(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt);
  ~ClipTokenizer();
  ClipTokenizer(ClipTokenizer&&) noexcept;
  ClipTokenizer& operator=(ClipTokenizer&&) noexcept;

  // [BOS] + tokens + [EOS]; at most `max_tokens` text tokens are produced (long prompts stop early).
  std::vector<int64_t> encode(const std::string& text, size_t max_tokens = 1 << 20) const;
  // Exactly `context_length` ids: truncated with EOS kept last, padded with `pad_id`.
  TokenizedPrompt encodeForModel(const std::string& text, int64_t context_length = 77, int64_t pad_id = 0) const;
  // The cleaning step alone (for tests and debugging).
  static std::string clean(const std::string& text);

  // The id of a vocabulary entry, or -1.
  int64_t tokenId(const std::string& token) const;
  int64_t bosId() const;
  int64_t eosId() const;

 private:
  ClipTokenizer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aicl::text
