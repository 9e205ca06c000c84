#pragma once
// Atomic file replacement: write beside the target, flush to disk, rename over it. A crash or an error leaves
// either the old file or the new one, never a torn one.
#include <filesystem>
#include <functional>
#include <string>

namespace aicl {

// A temporary path in the same folder as `target` (so the final rename stays on one file system).
std::filesystem::path temporaryPathFor(const std::filesystem::path& target);

// Calls `write(temporary_path)`, which must create that file; then fsyncs and renames it over `target`.
// On any exception the temporary file is removed and the exception propagates (target untouched).
void replaceFileAtomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path&)>& write);

// Convenience: the file's whole content.
void writeFileAtomically(const std::filesystem::path& target, const std::string& content);

}  // namespace aicl
