// make_tiny_adapter TINY_MODEL OUT: writes the tiny model's random AICL adapter (a CTest fixture of the app tests).
#include <cstdio>
#include <exception>

#include "tiny_adapter.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_tiny_adapter TINY_MODEL OUT\n");
    return 2;
  }
  try {
    aicl::test::writeTinyAdapter(argv[1], argv[2]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_tiny_adapter: %s\n", e.what());
    return 1;
  }
}
