#include "engine_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <exception>

#include "aicl/logging.h"
#include "aicl/pipeline.h"
#include "aicl/runtime.h"
#include "aicl/video_io.h"
#include "frame_image.h"
#include "pipeline_cache.h"

namespace {

constexpr int kHoverLoopFrames = 8;
constexpr int kHoverLoopHeight = 72;
constexpr double kResultFps = 8.0;

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

std::shared_ptr<aicl::Pipeline> pipelineFor(PipelineCache& cache, const EngineConfig& engine,
                                            const GenerationSettings& settings) {
  aicl::setComputeThreads(engine.threads);
  return cache.get(toPath(engine.model_folder), toPath(engine.adapter_folder),
                   aicl::parseDevice(settings.device.toStdString()),
                   aicl::parsePrecision(settings.dtype.toStdString()));
}

}  // namespace

EngineWorker::EngineWorker(std::shared_ptr<PipelineCache> pipelines, QObject* parent)
    : QObject(parent), pipelines_(pipelines ? std::move(pipelines) : std::make_shared<PipelineCache>()) {}

EngineWorker::~EngineWorker() = default;

void EngineWorker::cancel() { cancel_requested_ = true; }

void EngineWorker::cancelJob(int id) { cancel_job_ = id; }

QString EngineWorker::describe(int width, int height, double fps, long long frames, double duration,
                               const QString& codec) {
  QString text = QString("%1x%2").arg(width).arg(height);
  if (fps > 0) text += QString(", %1 fps").arg(fps, 0, 'g', 4);
  text += QString(", %1 frames").arg(frames);
  if (duration > 0) text += QString(", %1 s").arg(duration, 0, 'f', 1);
  return text + ", " + codec;
}

QString EngineWorker::describeModel(const QString& model_folder, const QString& adapter_folder, bool* ok) {
  try {
    const std::filesystem::path folder = model_folder.isEmpty() ? aicl::defaultModelFolder() : toPath(model_folder);
    const aicl::ModelInfo info = aicl::inspectModelFolder(folder);
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

void EngineWorker::probeReferences(const QStringList& paths) {
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
      Q_EMIT referenceProbed(path, describe(info.width, info.height, info.fps, info.frame_count, info.duration,
                                            QString::fromStdString(info.codec)),
                             thumbnail);
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
    auto encode = aicl::defaultEncodeOptions();
    encode.fps = kResultFps;
    encode.metadata_json = result.settings_json;
    const bool both = !result.baseline_frames.empty();
    output.video = s.mode == "baseline" || s.references.isEmpty() ? "baseline.mp4" : "aicl.mp4";
    aicl::encodeVideo(toPath(QDir(job.result_folder).filePath(output.video)), aicl::VideoFormat::Mp4, result.frames,
                      encode);
    if (both) {
      output.baseline_video = "baseline.mp4";
      aicl::encodeVideo(toPath(QDir(job.result_folder).filePath(output.baseline_video)), aicl::VideoFormat::Mp4,
                        result.baseline_frames, encode);
    }
    Q_EMIT generationFinished(job.id, output);
  } catch (const std::exception& e) {
    aicl::logger()->error("generation {}: {}", job.id, e.what());
    Q_EMIT generationFailed(job.id, QString::fromStdString(e.what()));
  }
}

void EngineWorker::computeFeatures(const FeatureJob& job) {
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
