#include "engine_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <exception>

#include "aicl/dense_motion.h"
#include "aicl/logging.h"
#include "aicl/checkpoint_inspect.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "aicl/video_io.h"
#include "frame_image.h"
#include "result_files.h"
#include "pipeline_cache.h"

namespace {

constexpr int kHoverLoopFrames = 8;
constexpr int kHoverLoopHeight = 72;
constexpr double kResultFps = 8.0;
// The motion view reads at most this many frames of a video, decoded at most this large (the flow itself runs
// smaller still): enough for the trail and the plot, cheap next to a generation.
constexpr int kMotionMaxFrames = 64;
constexpr int kMotionMaxSide = 320;

std::vector<aicl::ReferenceVideo> toReferences(const QVector<ReferenceEntry>& entries) {
  std::vector<aicl::ReferenceVideo> references;
  for (const ReferenceEntry& entry : entries) {
    aicl::ReferenceVideo reference;
    reference.path = toPath(entry.path);
    reference.caption = entry.caption.toStdString();
    reference.start = entry.start;
    reference.end = entry.end;
    if (entry.sampling == ReferenceEntry::Stride)
      reference.stride = std::max(entry.sampling_value, 1);
    else
      reference.count = entry.sampling_value;
    references.push_back(std::move(reference));
  }
  return references;
}

// Worker threads (and the OpenMP threads they start) yield the cores to the GUI thread when both want them, so
// the window stays responsive while a job runs on every core.
void runBelowTheGui() { aicl::lowerCurrentThreadPriority(); }

std::shared_ptr<aicl::Pipeline> pipelineFor(PipelineCache& cache, const EngineConfig& engine,
                                            const GenerationSettings& settings) {
  aicl::setComputeThreads(engine.threads);
  return cache.get(toPath(engine.model_folder), toPath(engine.adapter_folder),
                   aicl::parseDevice(settings.device.toStdString()),
                   aicl::parsePrecision(settings.dtype.toStdString()));
}

aicl::DecodeOptions motionDecodeOptions(const aicl::VideoInfo& info) {
  auto options = aicl::defaultDecodeOptions();
  options.sampling = aicl::FrameSampling::Count;
  options.count = kMotionMaxFrames;
  const int longest = std::max(info.width, info.height);
  if (longest > kMotionMaxSide) {
    options.target_width = std::max(2, info.width * kMotionMaxSide / longest);
    options.target_height = std::max(2, info.height * kMotionMaxSide / longest);
    options.crop_to_fill = false;
  }
  return options;
}

// A file rewritten in place gets a new key.
QString motionCacheKey(const QString& video) {
  const QFileInfo info(video);
  return QString("%1|%2|%3").arg(info.absoluteFilePath()).arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
}

}  // namespace

EngineWorker::EngineWorker(std::shared_ptr<PipelineCache> pipelines, QObject* parent)
    : QObject(parent), pipelines_(pipelines ? std::move(pipelines) : std::make_shared<PipelineCache>()) {}

EngineWorker::~EngineWorker() = default;

void EngineWorker::cancel() { cancel_requested_ = true; }

void EngineWorker::cancelJob(int id) { cancel_job_ = id; }

QString EngineWorker::describe(const aicl::VideoInfo& info) {
  QString text = QString("%1x%2").arg(info.width).arg(info.height);
  if (info.fps > 0) text += QString(", %1 fps").arg(info.fps, 0, 'g', 4);
  text += QString(", %1 frames").arg(info.frame_count);
  if (info.duration > 0) text += QString(", %1 s").arg(info.duration, 0, 'f', 1);
  text += ", " + QString::fromStdString(info.codec);
  if (info.truncated)
    text += ", " + QObject::tr("truncated: only %1 of %2 frames decode").arg(info.decodable_frames).arg(info.frame_count);
  return text;
}

QString EngineWorker::describeModel(const QString& model_folder, const QString& adapter_folder, bool* ok) {
  try {
    const std::filesystem::path folder = model_folder.isEmpty() ? aicl::defaultModelFolder() : toPath(model_folder);
    // A file is a checkpoint (e.g. EchoReel's checkpoint.pt), converted into a cached folder when first loaded.
    const aicl::ModelInfo info =
        std::filesystem::is_regular_file(folder) ? aicl::inspectCheckpointFile(folder) : aicl::inspectModelFolder(folder);
    QStringList lines;
    for (const aicl::ComponentInfo& component : info.components)
      lines << QString("%1: %2 (%3 parameters, %4)")
                   .arg(QString::fromStdString(component.name), QString::fromStdString(component.architecture))
                   .arg(component.parameters)
                   .arg(QString::fromStdString(component.dtype));
    if (!adapter_folder.isEmpty()) {
      lines << QString::fromStdString(aicl::inspectAdapterFolder(toPath(adapter_folder)).architecture);
    } else if (info.has_adapter) {
      lines << QString::fromStdString(info.adapter);
    } else {
      lines << QObject::tr("No AICL adapter: only the baseline can run.");
    }
    if (ok) *ok = true;
    return lines.join('\n');
  } catch (const std::exception& e) {
    if (ok) *ok = false;
    return QString::fromStdString(e.what());
  }
}

bool EngineWorker::recommendedSampling(const QString& model_folder, int* steps, double* guidance) {
  try {
    const std::filesystem::path folder = model_folder.isEmpty() ? aicl::defaultModelFolder() : toPath(model_folder);
    if (!std::filesystem::is_directory(folder)) return false;  // a checkpoint file: its folder is made on loading
    const aicl::ModelInfo info = aicl::inspectModelFolder(folder);
    if (info.recommended_steps <= 0 && info.recommended_guidance <= 0) return false;
    if (steps) *steps = info.recommended_steps;
    if (guidance) *guidance = info.recommended_guidance;
    return true;
  } catch (const std::exception&) {
    return false;  // the model label reports what is wrong with the folder
  }
}

void EngineWorker::probeReferences(const QStringList& paths) {
  runBelowTheGui();
  cancel_requested_ = false;
  int done = 0;
  for (const QString& path : paths) {
    if (cancel_requested_) {
      Q_EMIT jobFinished(true);
      return;
    }
    try {
      const aicl::VideoInfo info = aicl::probeVideo(toPath(path));
      const QImage thumbnail = toQImage(aicl::decodeThumbnail(toPath(path), 0.0));
      Q_EMIT referenceProbed(path, describe(info), thumbnail);
      // A short loop for hovering the thumbnail, small enough to keep many references in memory.
      auto options = aicl::defaultDecodeOptions();
      options.sampling = aicl::FrameSampling::Count;
      options.count = kHoverLoopFrames;
      options.target_height = kHoverLoopHeight;
      options.target_width = std::max(1, kHoverLoopHeight * std::max(info.width, 1) / std::max(info.height, 1));
      Q_EMIT referencePreview(path, toImages(aicl::decodeVideo(toPath(path), options)));
    } catch (const std::exception& e) {
      aicl::logger()->warn("{}", e.what());
      Q_EMIT referenceFailed(path, QString::fromStdString(e.what()));
    }
    Q_EMIT progress(++done, static_cast<int>(paths.size()));
  }
  Q_EMIT jobFinished(false);
}

void EngineWorker::runGeneration(const GenerationJob& job) {
  runBelowTheGui();
  Q_EMIT generationStarted(job.id);
  try {
    const auto pipeline = pipelineFor(*pipelines_, job.engine, job.settings);
    const GenerationSettings& s = job.settings;
    aicl::GenerationRequest request = aicl::defaultGenerationRequest();
    request.prompt = s.prompt.toStdString();
    request.negative_prompt = s.negative_prompt.toStdString();
    request.frames = s.frames;
    request.width = s.width;
    request.height = s.height;
    request.steps = s.steps;
    request.guidance = s.guidance;
    request.seed = s.seed;
    request.scheduler = aicl::parseScheduler(s.scheduler.toStdString());
    request.mode = aicl::parseGenerationMode(s.mode.toStdString());
    request.aicl_scale = s.aicl_scale;
    request.references = toReferences(s.references);

    QElapsedTimer since_preview;
    aicl::GenerationCallbacks callbacks;
    callbacks.progress = [&](int step, int steps, double seconds) {
      Q_EMIT generationProgress(job.id, step, steps, seconds);
    };
    callbacks.preview = [&](int step, const std::vector<aicl::Frame>& frames) {
      // Throttled: a fast model must not flood the GUI thread with images.
      if (since_preview.isValid() && since_preview.elapsed() < preview_interval_ms_) return;
      since_preview.start();
      Q_EMIT generationPreview(job.id, step, toImages(frames));
    };
    callbacks.cancelled = [&] { return cancel_job_.load() == job.id; };

    const aicl::GenerationResult result = pipeline->generate(request, callbacks);
    if (result.cancelled) {
      Q_EMIT generationCancelled(job.id);
      return;
    }
    GenerationOutput output;
    output.frames = toImages(result.frames);
    output.baseline_frames = toImages(result.baseline_frames);
    output.fps = kResultFps;
    output.engine_settings = QString::fromStdString(result.settings_json);
    output.seconds = result.seconds;
    QDir().mkpath(job.result_folder);
    output.video = s.mode == "baseline" || s.references.isEmpty() ? "baseline.mp4" : "aicl.mp4";
    writeResultVideo(QDir(job.result_folder).filePath(output.video), result.frames, kResultFps, result.settings_json);
    if (!result.baseline_frames.empty()) {
      output.baseline_video = "baseline.mp4";
      writeResultVideo(QDir(job.result_folder).filePath(output.baseline_video), result.baseline_frames, kResultFps,
                       result.settings_json);
    }
    Q_EMIT generationFinished(job.id, output);
  } catch (const std::exception& e) {
    aicl::logger()->error("generation {}: {}", job.id, e.what());
    Q_EMIT generationFailed(job.id, QString::fromStdString(e.what()));
  }
}

void EngineWorker::computeFeatures(const FeatureJob& job) {
  runBelowTheGui();
  try {
    const auto pipeline = pipelineFor(*pipelines_, job.engine, job.settings);
    aicl::FeatureRequest request;
    request.references = toReferences(job.settings.references);
    for (const QString& path : job.generated) request.generated.push_back(toPath(path));
    request.prompt = job.settings.prompt.toStdString();
    request.frames = job.settings.frames;
    request.width = job.settings.width;
    request.height = job.settings.height;
    const aicl::FeatureResult result = pipeline->actionFeatures(request);
    FeatureOutput output;
    for (const aicl::VideoFeatures& video : result.videos) {
      FeatureTrajectory trajectory;
      trajectory.label = QString::fromStdString(video.label);
      trajectory.generated = video.generated;
      for (const auto& point : video.pca) trajectory.points.append(QPointF(point[0], point[1]));
      output.trajectories.append(trajectory);
    }
    output.explained_pc1 = result.explained_variance[0];
    output.explained_pc2 = result.explained_variance[1];
    Q_EMIT featuresReady(job.id, output);
  } catch (const std::exception& e) {
    aicl::logger()->warn("features: {}", e.what());
    Q_EMIT featuresFailed(job.id, QString::fromStdString(e.what()));
  }
}

void EngineWorker::computeMotion(const QStringList& videos) {
  runBelowTheGui();
  cancel_requested_ = false;
  for (const QString& video : videos) {
    if (cancel_requested_) return;
    const QString key = motionCacheKey(video);
    auto cached = motion_cache_.constFind(key);
    if (cached != motion_cache_.constEnd()) {
      Q_EMIT motionReady(*cached);
      continue;
    }
    try {
      const auto frames = aicl::decodeVideo(toPath(video), motionDecodeOptions(aicl::probeVideo(toPath(video))));
      const auto motion = aicl::denseMotion(frames, aicl::defaultDenseMotionOptions(),
                                            [this] { return cancel_requested_.load(); });
      const VideoMotion result = toVideoMotion(motion, video);
      motion_cache_.insert(key, result);
      Q_EMIT motionReady(result);
    } catch (const std::exception& e) {
      if (cancel_requested_) return;
      aicl::logger()->warn("motion: {}", e.what());
      Q_EMIT motionFailed(video, QString::fromStdString(e.what()));
    }
  }
}
