// make_tiny_echoreel OUT: the tiny EchoReel release (OUT/tiny_echoreel.safetensors, its conversion options
// OUT/tiny_echoreel.convert.json, a tokenizer/ of links to the clip_tokenizer fixture, so that the checkpoint file
// alone converts) and its conversion OUT/model (a CTest fixture of the CLI and app tests).
#include <cstdio>
#include <exception>

#include "tiny_echoreel_model.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_tiny_echoreel OUT\n");
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    if (aicl::test::makeTinyEchoReelModel(out).empty()) {
      std::fprintf(stderr, "make_tiny_echoreel: a fixture is missing (echoreel_unet, ldm_vae or clip_tokenizer)\n");
      return 1;
    }
    std::filesystem::remove_all(out / "tokenizer");
    std::filesystem::create_directories(out / "tokenizer");
    for (const char* name : {"vocab.json", "merges.txt"})
      std::filesystem::create_symlink(aicl::test::tinyEchoReelFixtures().tokenizer / name, out / "tokenizer" / name);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_tiny_echoreel: %s\n", e.what());
    return 1;
  }
}
