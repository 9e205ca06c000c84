// bench_gui_responsiveness [--model DIR] [--adapter DIR] [--steps N] [--runs N] [--no-motion]: how long the GUI event loop stalls
// while the app generates. A 5 ms timer in the GUI thread records the gap between its ticks while a "both"
// generation (three ActionWorld references of a held-out action) runs on the worker thread, with the live
// preview, the job list and the feature plot updating, and the motion view at work: the optical flow of fresh
// videos (not yet cached) computed on the feature worker during the generation, then the result's motion trail
// and plots drawn while the comparison plays. Prints the longest gap, the 99th percentile, and how many gaps
// exceeded 50 ms (and in which phase). --no-motion leaves out the extra motion clips (a reference point for the
// same machine). The workers run below the GUI thread's priority; AICL_WORKER_NICE=0 in the environment runs
// them at the same priority, for comparison. Run it under xvfb-run (or QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <random>
#include <vector>

#include "aicl/actionworld.h"
#include "aicl/logging.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "aicl/video_io.h"
#include "comparison_view.h"
#include "controller.h"
#include "main_window.h"
#include "reference_list.h"
#include "video_player.h"

namespace {

QString option(const QStringList& args, const QString& name, const QString& fallback) {
  const int index = static_cast<int>(args.indexOf(name));
  return index >= 0 && index + 1 < args.size() ? args[index + 1] : fallback;
}

// Processes events until `done` holds or `timeout_ms` passes; returns whether it holds.
template <typename Predicate>
bool waitFor(Predicate done, int timeout_ms) {
  QElapsedTimer clock;
  clock.start();
  while (!done() && clock.elapsed() < timeout_ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  return done();
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);
  const QStringList args = app.arguments();
  auto logging = aicl::defaultLoggingOptions();
  aicl::initLogging(logging);
  aicl::initRuntime(aicl::defaultRuntimeOptions());
  QTemporaryDir dir;
  AppSettings settings;
  settings.project_folder = dir.filePath("project");
  settings.model_folder = option(args, "--model", "");
  settings.adapter_folder = option(args, "--adapter", "");
  const int steps = option(args, "--steps", "25").toInt();
  const int runs = option(args, "--runs", "2").toInt();
  const bool motion_load = !args.contains("--no-motion");
  const std::filesystem::path model =
      settings.model_folder.isEmpty() ? aicl::defaultModelFolder() : std::filesystem::path(settings.model_folder.toStdString());
  const int size = aicl::inspectModelFolder(model).native_width;

  // Three references of a held-out action at the model's size.
  using namespace aicl::actionworld;
  std::mt19937_64 rng(3);
  QStringList clips;
  for (int i = 0; i < 3; ++i) {
    const ClipSpec spec = randomClipSpec(Action::Spiraling, Shape::Circle, Colour::Red, Background::Black, rng, size, 16);
    clips << dir.filePath(QString("reference%1.mp4").arg(i));
    aicl::encodeVideo(clips.last().toStdString(), aicl::VideoFormat::Mp4, renderClip(spec), aicl::defaultEncodeOptions());
  }

  MainWindow window(settings);
  window.show();
  window.addReferences(clips);
  while (window.referenceList()->usableEntries().size() < 3) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  GenerationSettings s = window.currentSettings();
  s.prompt = "a green square spiraling on a gray background";
  s.mode = "both";
  s.steps = steps;
  s.seed_locked = true;
  window.applySettings(s);

  std::vector<double> gaps;
  QElapsedTimer clock;
  clock.start();
  double last = 0;
  // What ran when a stall happened: each gap over 50 ms is counted under the phase it ended in.
  const char* phase = "generation";
  std::map<std::string, int> stalls_by_phase;
  QTimer ticker;
  ticker.setInterval(5);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const double now = clock.nsecsElapsed() / 1e6;
    gaps.push_back(now - last);
    if (now - last > 50.0) ++stalls_by_phase[phase];
    last = now;
  });

  // The motion view's load during each run: the flow of clips the worker has not cached yet (a larger size than
  // the model's, so each costs more than a result does).
  int motions_answered = 0;
  QObject::connect(window.controller(), &Controller::motionReady, [&] { ++motions_answered; });
  constexpr int kMotionClipsPerRun = 3;
  constexpr int kMotionClipSize = 256;
  auto freshMotionClips = [&](int run) {
    QStringList videos;
    for (int i = 0; i < kMotionClipsPerRun; ++i) {
      const ClipSpec spec = randomClipSpec(Action::MovingRight, Shape::Square, Colour::Green, Background::Gray, rng,
                                           kMotionClipSize, 32);
      videos << dir.filePath(QString("motion%1_%2.mp4").arg(run).arg(i));
      aicl::encodeVideo(videos.last().toStdString(), aicl::VideoFormat::Mp4, renderClip(spec),
                        aicl::defaultEncodeOptions());
    }
    return videos;
  };

  std::printf("bench_gui_responsiveness: model %s, %d steps, both modes, 3 references, %d runs, %d threads; motion "
              "view: %d fresh %dx%d clips per run and the result's trail and plots\n",
              model.string().c_str(), steps, runs, aicl::runtimeInfo().threads, motion_load ? kMotionClipsPerRun : 0,
              kMotionClipSize,
              kMotionClipSize);
  for (int run = 0; run < runs; ++run) {
    const QStringList motion_clips = motion_load ? freshMotionClips(run) : QStringList();
    QElapsedTimer job_clock;
    job_clock.start();
    last = clock.nsecsElapsed() / 1e6;
    phase = "generation";
    ticker.start();
    window.generate();
    window.controller()->requestMotion(motion_clips);
    while (window.controller()->busy()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    const double generation_seconds = job_clock.elapsed() / 1000.0;
    // The result's motion: trail over the player, a plot under each clip of the comparison, which then plays.
    phase = "result motion";
    const bool shown = waitFor([&] {
      return !window.player()->motion().isEmpty() && window.comparisonView()->motionPlotsVisible();
    }, 60000);
    const double motion_seconds = job_clock.elapsed() / 1000.0 - generation_seconds;
    phase = "comparison playing with motion plots";
    window.comparisonView()->play();
    waitFor([] { return false; }, 1500);
    window.comparisonView()->pause();
    ticker.stop();
    std::printf("  run %d: generation (with GUI updates) %.2f s; result motion %s %.2f s later; %d motions answered\n",
                run + 1, generation_seconds, shown ? "shown" : "NOT shown", motion_seconds, motions_answered);
  }
  std::sort(gaps.begin(), gaps.end());
  const double worst = gaps.empty() ? 0 : gaps.back();
  const double p99 = gaps.empty() ? 0 : gaps[static_cast<size_t>(0.99 * static_cast<double>(gaps.size() - 1))];
  const auto over = std::count_if(gaps.begin(), gaps.end(), [](double gap) { return gap > 50.0; });
  std::printf("event-loop gaps (5 ms timer): %zu ticks, median %.1f ms, p99 %.1f ms, max %.1f ms, over 50 ms: %ld\n",
              gaps.size(), gaps.empty() ? 0 : gaps[gaps.size() / 2], p99, worst, static_cast<long>(over));
  for (const auto& [name, count] : stalls_by_phase) std::printf("  over 50 ms during %s: %d\n", name.c_str(), count);
  return 0;
}
