// The CLIP BPE tokenizer against openai/CLIP's reference token ids (fixtures of kind "clip_tokenizer").
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "aicl/error.h"
#include "fixtures.h"
#include "test_paths.h"
#include "text/clip_tokenizer.h"

namespace {

using aicl::text::ClipTokenizer;

TEST(ClipTokenizer, MatchesReferenceIdsForEveryCase) {
  const auto fixtures = aicl::test::fixturesOfKind("clip_tokenizer");
  if (fixtures.empty()) GTEST_SKIP() << "no clip_tokenizer fixture";
  for (const auto& fixture : fixtures) {
    const auto tokenizer = ClipTokenizer::load(fixture.dir / "vocab.json", fixture.dir / "merges.txt");
    std::ifstream in(fixture.dir / "cases.json");
    const auto cases = nlohmann::json::parse(in).at("cases");
    int ftfy_cases = 0;
    for (const auto& c : cases) {
      // Without an ftfy equivalent, the cases whose cleaning needs ftfy are checked on the cleaned text.
      const bool needs_ftfy = c.value("needs_ftfy", false);
      ftfy_cases += needs_ftfy;
      const std::string text = needs_ftfy ? c.at("cleaned").get<std::string>() : c.at("text").get<std::string>();
      SCOPED_TRACE(text);
      if (!needs_ftfy) {
        EXPECT_EQ(ClipTokenizer::clean(text), c.at("cleaned").get<std::string>());
      }
      EXPECT_EQ(tokenizer.encode(text), c.at("ids").get<std::vector<int64_t>>());
      const auto model_ids = tokenizer.encodeForModel(text, 77, 0);
      auto expected = c.at("ids_truncated_77").get<std::vector<int64_t>>();
      ASSERT_LE(expected.size(), 77u);
      EXPECT_EQ(model_ids.length, static_cast<int64_t>(expected.size()));
      expected.resize(77, 0);
      EXPECT_EQ(model_ids.ids, expected);
    }
    EXPECT_GT(cases.size(), 30u);
    EXPECT_LT(ftfy_cases, 12);
  }
}

TEST(ClipTokenizer, LongPromptsAreCutQuicklyAndKeepTheEndToken) {
  const auto fixtures = aicl::test::fixturesOfKind("clip_tokenizer");
  if (fixtures.empty()) GTEST_SKIP() << "no clip_tokenizer fixture";
  const auto tokenizer = ClipTokenizer::load(fixtures[0].dir / "vocab.json", fixtures[0].dir / "merges.txt");
  std::string prompt;
  while (prompt.size() < 10000) prompt += "a breathtaking salsa dance \xff\xfe in the rain, ";
  const auto start = std::chrono::steady_clock::now();
  const auto tokens = tokenizer.encodeForModel(prompt, 77, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(tokens.ids.size(), 77u);
  EXPECT_EQ(tokens.length, 77);
  EXPECT_EQ(tokens.ids.front(), 49406);
  EXPECT_EQ(tokens.ids.back(), 49407);
  EXPECT_LT(seconds, 0.5);
}

TEST(ClipTokenizer, BadFilesNameTheFile) {
  const auto dir = aicl::test::scratchDir("tokenizer_bad");
  std::ofstream(dir / "vocab.json") << "{\"a\": 0, ";
  std::ofstream(dir / "merges.txt") << "#version: 0.2\na b\n";
  try {
    ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
    FAIL() << "malformed vocab accepted";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("vocab.json"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "vocab.json") << "{\"a\": 0, \"b\": 1, \"<|startoftext|>\": 2, \"<|endoftext|>\": 3}";
  try {
    ClipTokenizer::load(dir / "vocab.json", dir / "merges.txt");
    FAIL() << "a merge of unknown tokens accepted";
  } catch (const aicl::Error& e) {
    EXPECT_NE(std::string(e.what()).find("merges.txt: line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ClipTokenizer::load(dir / "missing.json", dir / "merges.txt"), aicl::Error);
}

}  // namespace
