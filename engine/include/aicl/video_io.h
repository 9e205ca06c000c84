#pragma once
// Video decoding and encoding (FFmpeg + OpenCV). No torch, no Qt: frames are plain RGB24 byte buffers.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace aicl {

// What a file holds, as probed (display size: rotation already applied to width/height).
struct VideoInfo {
  std::filesystem::path path;
  int width = 0;     // display width after rotation
  int height = 0;    // display height after rotation
  double fps = 0.0;  // average frame rate; 0 when the container does not say and no pts spacing is known
  int64_t frame_count = 0;  // from the stream header, or counted by decoding when the header is silent
  double duration = 0.0;    // seconds
  std::string codec;        // e.g. "h264"
  std::string pix_fmt;      // e.g. "yuv420p"
  int rotation = 0;         // display-matrix rotation in degrees as ffprobe reports it: counter-clockwise, in
                     // (-180, 180]; -90 = a portrait phone clip whose pictures are turned clockwise to view
  bool mirrored = false;  // the display matrix also flips the picture (applied when decoding, as ffmpeg does)
  bool has_audio = false;
  std::string container;  // e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  // The container's index points past the end of the file (a cut-off download or copy): frame_count and
  // duration are the index's, decodable_frames what really decodes (counted only for truncated files).
  bool truncated = false;
  int64_t decodable_frames = 0;
};

// One RGB24 frame, tightly packed (stride = width * 3).
struct Frame {
  int width = 0;
  int height = 0;
  double time = 0.0;  // presentation time in seconds
  std::vector<uint8_t> rgb;
};

enum class FrameSampling { All, Count, Stride, Fps };

struct DecodeOptions {
  FrameSampling sampling = FrameSampling::All;
  int count = 16;         // FrameSampling::Count: evenly spaced frames over [start, end)
  int stride = 1;         // FrameSampling::Stride: every stride-th frame
  double fps = 0.0;       // FrameSampling::Fps: resample to this rate
  double start = 0.0;     // trim, seconds
  double end = -1.0;      // trim, seconds; < 0 means the end of the file
  int target_width = 0;   // 0 keeps the source size; otherwise resize (and centre-crop to keep aspect when
  int target_height = 0;  // crop_to_fill is set) with OpenCV
  bool crop_to_fill = true;
  double timeout_seconds = 60.0;  // a decode that takes longer is aborted with an error, never a hang
  int64_t max_frames = 100000;    // upper bound on decoded frames, against runaway files
};
DecodeOptions defaultDecodeOptions();

// Paths: any file FFmpeg can read, or a PNG-sequence folder written by encodeVideo.
// Errors are aicl::Error "<file>: <problem>": no such file, not a media file, no video stream, no frame could
// be decoded, nothing in the trim range, more than max_frames frames, timeout.

// Header values (frame count and duration as the container states them; counted by demuxing packets when the
// header is silent; fps from packet spacing when the header has none, else 0). Decodes the first picture to
// make sure the stream is decodable. A file whose index points past its end is flagged `truncated`, and then
// its pictures are decoded to count those that really exist. Bounded by a 30 s timeout.
VideoInfo probeVideo(const std::filesystem::path& path);

// Decodes every packet (frame-threaded) but converts to RGB only the frames the sampling picks, in
// presentation order, times in seconds from the stream start:
// - All: every frame in [start, end); Stride: every stride-th of them, starting with the first;
// - Fps: the first frame of each 1/fps slot of [start, end) (frames are never duplicated, so a rate above the
//   source's returns the source frames);
// - Count: `count` frames at the rounded indices of linspace(0, M - 1, count) over the M frames in range
//   (M counted by a cheap demuxing pass; all M frames when count >= M).
// A damaged or truncated stream is not an error: the frames that decode are returned (with a logged warning);
// zero decodable frames is an error.
std::vector<Frame> decodeVideo(const std::filesystem::path& path, const DecodeOptions& options);
// The same, handing each frame to `sink` as it is ready instead of keeping them all (constant memory for
// large videos). Returns the number of frames delivered.
int64_t forEachVideoFrame(const std::filesystem::path& path, const DecodeOptions& options,
                          const std::function<void(Frame&&)>& sink);
// The frame nearest to `time` seconds (display size, no resize), for thumbnails.
Frame decodeThumbnail(const std::filesystem::path& path, double time = 0.0);

// Mp4: H.264 (libx264, yuv420p, BT.709); odd widths/heights are padded to even by repeating the last
//   column/row, so the file is up to 1 pixel larger than the frames. WebM: VP9 (libvpx-vp9, yuv420p, any
//   size).
// Gif: FFmpeg's GIF encoder on a median-cut 256-colour palette shared by the whole clip (no dithering).
// PngSequence: a folder of frame_00000.png, frame_00001.png, ... (lossless RGB) plus metadata.json.
enum class VideoFormat { Mp4, WebM, Gif, PngSequence };
// From the extension (case-insensitive): .mp4, .webm, .gif; an existing folder or a path without extension is
// a PNG sequence; anything else is nullopt.
std::optional<VideoFormat> videoFormatFromPath(const std::filesystem::path& path);

struct EncodeOptions {
  double fps = 8.0;
  int crf = 18;               // quality for H.264 / VP9
  std::string metadata_json;  // generation settings, stored in the file (and read back by readVideoMetadata):
                              // MP4/WebM: container tag "aicl_settings"; GIF: a GIF comment extension
                              // "aicl_settings=<json>" before the trailer; PNG: metadata.json "settings"
};
EncodeOptions defaultEncodeOptions();

// Writes atomically: to a temporary file (or folder) beside `path`, then renamed over it; on failure the
// temporary is removed and an existing `path` is left as it was. An existing folder is replaced only if it
// looks like a PNG sequence (frame_NNNNN.png and metadata.json only). Throws aicl::Error.
void encodeVideo(const std::filesystem::path& path, VideoFormat format, const std::vector<Frame>& frames,
                 const EncodeOptions& options);
// The JSON stored by encodeVideo, or an empty string when the file carries none. For PNG sequences the text
// is re-serialised (equal as JSON, not necessarily byte for byte). Throws aicl::Error if the file is
// unreadable.
std::string readVideoMetadata(const std::filesystem::path& path);

// The probed properties as one JSON object (what `aicl probe` prints): width, height, fps, frames, duration,
// codec, pix_fmt, rotation, has_audio, plus mirrored, container and truncated (with decodable_frames when
// true).
std::string videoInfoToJson(const VideoInfo& info);

}  // namespace aicl
