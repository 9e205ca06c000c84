// bench_gui_responsiveness [--model DIR] [--adapter DIR] [--steps N] [--runs N]: how long the GUI event loop stalls
// while the app generates. A 5 ms timer in the GUI thread records the gap between its ticks while a "both"
// generation (three ActionWorld references of a held-out action) runs on the worker thread, with the live
// preview, the job list and the feature plot updating. Prints the longest gap, the 99th percentile, and how many
// gaps exceeded 50 ms. Run it under xvfb-run (or QT_QPA_PLATFORM=offscreen).
#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "aicl/actionworld.h"
#include "aicl/logging.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "aicl/video_io.h"
#include "controller.h"
#include "main_window.h"
#include "reference_list.h"

namespace {

QString option(const QStringList& args, const QString& name, const QString& fallback) {
  const int index = static_cast<int>(args.indexOf(name));
  return index >= 0 && index + 1 < args.size() ? args[index + 1] : fallback;
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
  QTimer ticker;
  ticker.setInterval(5);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const double now = clock.nsecsElapsed() / 1e6;
    gaps.push_back(now - last);
    last = now;
  });

  std::printf("bench_gui_responsiveness: model %s, %d steps, both modes, 3 references, %d runs, %d threads\n",
              model.string().c_str(), steps, runs, aicl::runtimeInfo().threads);
  for (int run = 0; run < runs; ++run) {
    QElapsedTimer job_clock;
    job_clock.start();
    last = clock.nsecsElapsed() / 1e6;
    ticker.start();
    window.generate();
    while (window.controller()->busy()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    ticker.stop();
    std::printf("  run %d: generation (with GUI updates) %.2f s\n", run + 1, job_clock.elapsed() / 1000.0);
  }
  std::sort(gaps.begin(), gaps.end());
  const double worst = gaps.empty() ? 0 : gaps.back();
  const double p99 = gaps.empty() ? 0 : gaps[static_cast<size_t>(0.99 * static_cast<double>(gaps.size() - 1))];
  const auto over = std::count_if(gaps.begin(), gaps.end(), [](double gap) { return gap > 50.0; });
  std::printf("event-loop gaps (5 ms timer): %zu ticks, median %.1f ms, p99 %.1f ms, max %.1f ms, over 50 ms: %ld\n",
              gaps.size(), gaps.empty() ? 0 : gaps[gaps.size() / 2], p99, worst, static_cast<long>(over));
  return 0;
}
