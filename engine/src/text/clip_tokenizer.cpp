#include "text/clip_tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl::text {
namespace {

std::vector<UChar32> decodeUtf8(const std::string& text) {
  std::vector<UChar32> out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(std::min<size_t>(text.size(), std::numeric_limits<int32_t>::max()));
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    out.push_back(c < 0 ? 0xFFFD : c);  // invalid UTF-8 becomes the replacement character
  }
  return out;
}

void appendUtf8(std::string& out, UChar32 c) {
  uint8_t buffer[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buffer, n, 4, c, error);
  if (!error) out.append(reinterpret_cast<char*>(buffer), static_cast<size_t>(n));
}

std::string encodeUtf8(const std::vector<UChar32>& code_points) {
  std::string out;
  for (UChar32 c : code_points) appendUtf8(out, c);
  return out;
}

// Python's str.isspace(), which `\s` follows for str patterns.
bool isSpace(UChar32 c) { return u_isUWhiteSpace(c) || (c >= 0x1C && c <= 0x1F); }
bool isLetter(UChar32 c) {
  const int8_t type = u_charType(c);
  return type >= U_UPPERCASE_LETTER && type <= U_OTHER_LETTER;
}
bool isNumber(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

// html.unescape for the entities that occur in prompts: named basics and numeric references.
std::vector<UChar32> htmlUnescape(const std::vector<UChar32>& in) {
  static const std::map<std::string, UChar32> kNamed = {{"amp", '&'},  {"lt", '<'},     {"gt", '>'},
                                                        {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0}};
  std::vector<UChar32> out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '&') {
      size_t end = i + 1;
      while (end < in.size() && end - i <= 10 && in[end] < 128 && (std::isalnum(static_cast<int>(in[end])) || in[end] == '#'))
        ++end;
      if (end < in.size() && in[end] == ';' && end > i + 1) {
        std::string name;
        for (size_t j = i + 1; j < end; ++j) name += static_cast<char>(in[j]);
        UChar32 value = -1;
        if (name[0] == '#') {
          const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
          const std::string digits = name.substr(hex ? 2 : 1);
          char* stop = nullptr;
          const long parsed = digits.empty() ? -1 : std::strtol(digits.c_str(), &stop, hex ? 16 : 10);
          if (stop && *stop == '\0' && parsed > 0 && parsed <= 0x10FFFF) value = static_cast<UChar32>(parsed);
        } else if (auto it = kNamed.find(name); it != kNamed.end()) {
          value = it->second;
        }
        if (value >= 0) {
          out.push_back(value);
          i = end;
          continue;
        }
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace

std::vector<std::string> byteEncoder() {
  std::vector<std::string> table(256);
  int extra = 0;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    std::string s;
    appendUtf8(s, printable ? b : 256 + extra++);
    table[static_cast<size_t>(b)] = s;
  }
  return table;
}


struct ClipTokenizer::Impl {
  std::unordered_map<std::string, int64_t> vocab;
  std::unordered_map<std::string, int64_t> merge_ranks;  // "a b" -> rank
  std::vector<std::string> byte_encoder = byteEncoder();
  int64_t bos = 49406, eos = 49407;
  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, std::vector<int64_t>> cache;

  std::vector<int64_t> bpe(const std::string& piece) const {
    {
      std::lock_guard<std::mutex> lock(cache_mutex);
      if (auto it = cache.find(piece); it != cache.end()) return it->second;
    }
    std::vector<std::string> word;
    for (unsigned char byte : piece) word.push_back(byte_encoder[byte]);
    if (word.empty()) return {};
    word.back() += "</w>";
    while (word.size() > 1) {
      int64_t best_rank = std::numeric_limits<int64_t>::max();
      size_t best = 0;
      for (size_t i = 0; i + 1 < word.size(); ++i) {
        auto it = merge_ranks.find(word[i] + " " + word[i + 1]);
        if (it != merge_ranks.end() && it->second < best_rank) best_rank = it->second, best = i;
      }
      if (best_rank == std::numeric_limits<int64_t>::max()) break;
      // Merge every occurrence of the best pair, left to right.
      const std::string first = word[best], second = word[best + 1];
      std::vector<std::string> merged;
      for (size_t i = 0; i < word.size();) {
        if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
          merged.push_back(first + second);
          i += 2;
        } else {
          merged.push_back(word[i++]);
        }
      }
      word.swap(merged);
    }
    std::vector<int64_t> ids;
    for (const auto& symbol : word) {
      auto it = vocab.find(symbol);
      if (it != vocab.end()) ids.push_back(it->second);
    }
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (cache.size() < 100000) cache.emplace(piece, ids);
    return ids;
  }
};

ClipTokenizer::ClipTokenizer() : impl_(std::make_unique<Impl>()) {}
ClipTokenizer::~ClipTokenizer() = default;
ClipTokenizer::ClipTokenizer(ClipTokenizer&&) noexcept = default;
ClipTokenizer& ClipTokenizer::operator=(ClipTokenizer&&) noexcept = default;
int64_t ClipTokenizer::tokenId(const std::string& token) const {
  auto it = impl_->vocab.find(token);
  return it == impl_->vocab.end() ? -1 : it->second;
}
int64_t ClipTokenizer::bosId() const { return impl_->bos; }
int64_t ClipTokenizer::eosId() const { return impl_->eos; }

ClipTokenizer ClipTokenizer::load(const std::filesystem::path& vocab_json, const std::filesystem::path& merges_txt) {
  ClipTokenizer tokenizer;
  Impl& impl = *tokenizer.impl_;
  const auto vocab = readJsonFile(vocab_json);
  if (!vocab.is_object() || vocab.empty()) throw Error(vocab_json.string() + ": expected an object of token -> id");
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer()) throw Error(vocab_json.string() + ": token '" + token + "' has no integer id");
    impl.vocab.emplace(token, id.get<int64_t>());
  }
  for (const char* special : {"<|startoftext|>", "<|endoftext|>"})
    if (!impl.vocab.count(special)) throw Error(vocab_json.string() + ": missing special token " + special);
  impl.bos = impl.vocab.at("<|startoftext|>");
  impl.eos = impl.vocab.at("<|endoftext|>");

  std::ifstream merges(merges_txt);
  if (!merges) throw Error(merges_txt.string() + ": cannot open for reading");
  std::string line;
  int64_t rank = 0, line_number = 0;
  while (std::getline(merges, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line_number == 1 && line.rfind("#version", 0) == 0)) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == line.size() || line.find(' ', space + 1) != std::string::npos)
      throw Error(merges_txt.string() + ": line " + std::to_string(line_number) + " is not a pair 'a b'");
    if (!impl.vocab.count(line.substr(0, space) + line.substr(space + 1)))
      throw Error(merges_txt.string() + ": line " + std::to_string(line_number) + ": merged token '" + line.substr(0, space) +
                  line.substr(space + 1) + "' is not in " + vocab_json.filename().string());
    impl.merge_ranks.emplace(line, rank++);
  }
  if (rank == 0) throw Error(merges_txt.string() + ": no merges");
  return tokenizer;
}

std::string ClipTokenizer::clean(const std::string& text) {
  auto code_points = htmlUnescape(htmlUnescape(decodeUtf8(text)));
  std::vector<UChar32> out;
  bool pending_space = false;
  for (UChar32 c : code_points) {
    if (isSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(u_tolower(c));
  }
  return encodeUtf8(out);
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& text, size_t max_tokens) const {
  // A prompt is cut after enough characters to fill any context: a token covers at least one code point.
  const auto cleaned = decodeUtf8(clean(text.size() > 64 * max_tokens + 64 ? text.substr(0, 64 * max_tokens + 64) : text));
  std::vector<int64_t> ids{impl_->bos};
  static const std::vector<std::string> kSpecial = {"<|startoftext|>", "<|endoftext|>"};
  static const std::vector<std::string> kContractions = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
  auto matches = [&](size_t at, const std::string& ascii) {
    if (at + ascii.size() > cleaned.size()) return false;
    for (size_t j = 0; j < ascii.size(); ++j)
      if (cleaned[at + j] != static_cast<unsigned char>(ascii[j])) return false;
    return true;
  };
  size_t i = 0;
  while (i < cleaned.size() && ids.size() - 1 < max_tokens) {
    if (isSpace(cleaned[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    bool special = false;
    for (const auto& s : kSpecial)
      if (end == i && matches(i, s)) end = i + s.size(), special = true;
    for (const auto& s : kContractions)
      if (end == i && matches(i, s)) end = i + s.size();
    if (end == i && isLetter(cleaned[i])) {
      while (end < cleaned.size() && isLetter(cleaned[end])) ++end;
    } else if (end == i && isNumber(cleaned[i])) {
      end = i + 1;
    } else if (end == i) {
      while (end < cleaned.size() && !isSpace(cleaned[end]) && !isLetter(cleaned[end]) && !isNumber(cleaned[end])) ++end;
    }
    const std::string piece = encodeUtf8(std::vector<UChar32>(cleaned.begin() + i, cleaned.begin() + end));
    if (special) {
      ids.push_back(impl_->vocab.at(piece));
    } else {
      for (int64_t id : impl_->bpe(piece)) ids.push_back(id);
    }
    i = end;
  }
  if (ids.size() - 1 > max_tokens) ids.resize(max_tokens + 1);
  ids.push_back(impl_->eos);
  return ids;
}

TokenizedPrompt ClipTokenizer::encodeForModel(const std::string& text, int64_t context_length, int64_t pad_id) const {
  if (context_length < 2) throw Error("context length must be at least 2");
  TokenizedPrompt result;
  result.ids = encode(text, static_cast<size_t>(context_length));
  if (static_cast<int64_t>(result.ids.size()) > context_length) {
    result.ids.resize(static_cast<size_t>(context_length));
    result.ids.back() = impl_->eos;
  }
  result.length = static_cast<int64_t>(result.ids.size());
  result.ids.resize(static_cast<size_t>(context_length), pad_id);
  return result;
}

}  // namespace aicl::text
