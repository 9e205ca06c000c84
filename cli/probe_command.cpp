// `aicl probe FILE`: the video's properties as JSON on stdout; one line on stderr and exit code 1 for
// anything that is not a decodable video.
#include <cstdio>
#include <exception>
#include <new>

#include "aicl/error.h"
#include "aicl/video_io.h"
#include "arguments.h"
#include "commands.h"

namespace aicl::cli {

int runProbe(const Args& args) {
  try {
    const Arguments arguments(args, {});
    if (arguments.positionals().size() != 1) {
      std::fprintf(stderr, "aicl probe: expected one FILE (usage: aicl probe FILE)\n");
      return 1;
    }
    const VideoInfo info = probeVideo(arguments.positionals()[0]);
    std::printf("%s\n", videoInfoToJson(info).c_str());
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "aicl probe: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "aicl probe: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aicl probe: unexpected error: %s\n", e.what());
  }
  return 1;
}

}  // namespace aicl::cli
