#pragma once
// The worker that owns long engine jobs (Qt's Mandelbrot pattern). It lives in a QThread of the Controller; jobs
// reach it as queued calls and run one after another; results and progress go back as signals. cancel() and
// cancelJob() may be called from any thread. Two workers share one PipelineCache, so the model is loaded once.
#include <QHash>
#include <QImage>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <atomic>
#include <memory>

#include "feature_plot.h"
#include "generation_settings.h"
#include "video_motion.h"

class PipelineCache;
namespace aicl {
struct VideoInfo;
}

// Which model runs the jobs.
struct EngineConfig {
  QString model_folder;    // empty: the embedded default model
  QString adapter_folder;  // empty: the model's own aicl/
  int threads = 0;         // 0: every core
};

struct GenerationJob {
  int id = 0;
  GenerationSettings settings;  // the seed is already drawn
  EngineConfig engine;
  QString result_folder;  // the videos are written here
};

struct GenerationOutput {
  QVector<QImage> frames;           // AICL (or the baseline in Baseline mode)
  QVector<QImage> baseline_frames;  // Both mode
  double fps = 8.0;
  QString video;           // files written in the result folder (names relative to it)
  QString baseline_video;
  QString engine_settings;  // the engine's JSON of the run (also inside the video files)
  double seconds = 0.0;
};

struct FeatureJob {
  int id = 0;
  GenerationSettings settings;  // references, prompt, frames, size, device, dtype
  QStringList generated;        // generated videos to place among the references
  EngineConfig engine;
};

struct FeatureOutput {
  QVector<FeatureTrajectory> trajectories;  // references first, then generated videos; colours left unset
  double explained_pc1 = 0.0;
  double explained_pc2 = 0.0;
};

Q_DECLARE_METATYPE(GenerationOutput)
Q_DECLARE_METATYPE(FeatureOutput)

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  explicit EngineWorker(std::shared_ptr<PipelineCache> pipelines = nullptr, QObject* parent = nullptr);
  ~EngineWorker() override;

  // Thread-safe: asks the running probe or feature job to stop at its next check.
  void cancel();
  // Thread-safe: cancels generation job `id` if it is running (it stops within one denoising step).
  void cancelJob(int id);
  // "1280x720, 24 fps, 247 frames, 10.3 s, h264"
  // "WxH, fps, frames, s, codec" for the reference list; a truncated file says how many frames really decode.
  static QString describe(const aicl::VideoInfo& info);
  // The detected architecture of a model folder (and adapter), for the settings; `ok` false with the error.
  static QString describeModel(const QString& model_folder, const QString& adapter_folder, bool* ok);
  // How the model's authors sample it (EchoReel: 50 steps, guidance 12); false when the model says nothing.
  static bool recommendedSampling(const QString& model_folder, int* steps, double* guidance);
  // Milliseconds between two preview images of a running generation.
  void setPreviewInterval(int milliseconds) { preview_interval_ms_ = milliseconds; }

 public Q_SLOTS:
  // Probes each file and decodes its thumbnail and a short hover loop; one referenceProbed (and
  // referencePreview) or referenceFailed per file.
  void probeReferences(const QStringList& paths);
  void runGeneration(const GenerationJob& job);
  void computeFeatures(const FeatureJob& job);
  // The dominant motion (dense optical flow) of each video file: one motionReady or motionFailed per file.
  // Results are cached per file (path, size and modification time), so asking again costs nothing.
  void computeMotion(const QStringList& videos);

 Q_SIGNALS:
  void referenceProbed(const QString& path, const QString& properties, const QImage& thumbnail);
  void referencePreview(const QString& path, const QVector<QImage>& frames);
  void referenceFailed(const QString& path, const QString& error);
  void progress(int done, int total);
  void jobFinished(bool cancelled);  // after probeReferences

  void generationStarted(int id);
  void generationProgress(int id, int step, int steps, double seconds);
  void generationPreview(int id, int step, const QVector<QImage>& frames);
  void generationFinished(int id, const GenerationOutput& output);
  void generationCancelled(int id);
  void generationFailed(int id, const QString& error);

  void featuresReady(int id, const FeatureOutput& output);
  void featuresFailed(int id, const QString& error);

  void motionReady(const VideoMotion& motion);
  void motionFailed(const QString& video, const QString& error);

 private:
  std::shared_ptr<PipelineCache> pipelines_;
  std::atomic<bool> cancel_requested_{false};
  std::atomic<int> cancel_job_{0};
  int preview_interval_ms_ = 150;
  QHash<QString, VideoMotion> motion_cache_;  // used on the worker's thread only
};
