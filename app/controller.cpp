#include "controller.h"

#include <QMetaObject>

#include "pipeline_cache.h"

Controller::Controller(QObject* parent)
    : QObject(parent),
      pipelines_(std::make_shared<PipelineCache>()),
      generation_worker_(new EngineWorker(pipelines_)),
      feature_worker_(new EngineWorker(pipelines_)) {
  qRegisterMetaType<GenerationOutput>();
  qRegisterMetaType<FeatureOutput>();
  qRegisterMetaType<VideoMotion>();
  qRegisterMetaType<JobState>();
  generation_thread_.setObjectName("engine-generation");
  feature_thread_.setObjectName("engine-features");
  generation_worker_->moveToThread(&generation_thread_);
  feature_worker_->moveToThread(&feature_thread_);
  connect(&generation_thread_, &QThread::finished, generation_worker_, &QObject::deleteLater);
  connect(&feature_thread_, &QThread::finished, feature_worker_, &QObject::deleteLater);

  EngineWorker* g = generation_worker_;
  connect(g, &EngineWorker::generationStarted, this, [this](int id) {
    if (jobs_.contains(id)) Q_EMIT jobStateChanged(id, JobState::Running, {});
  });
  connect(g, &EngineWorker::generationProgress, this, [this](int id, int step, int steps, double seconds) {
    const double eta = step > 0 ? seconds / step * (steps - step) : -1.0;
    Q_EMIT jobProgress(id, step, steps, eta);
  });
  connect(g, &EngineWorker::generationPreview, this, &Controller::jobPreview);
  connect(g, &EngineWorker::generationFinished, this, [this](int id, const GenerationOutput& output) {
    Q_EMIT jobDone(id, output);
    finishJob(id, JobState::Done, {});
  });
  connect(g, &EngineWorker::generationCancelled, this,
          [this](int id) { finishJob(id, JobState::Cancelled, tr("Cancelled")); });
  connect(g, &EngineWorker::generationFailed, this,
          [this](int id, const QString& error) { finishJob(id, JobState::Failed, error); });

  EngineWorker* f = feature_worker_;
  connect(f, &EngineWorker::referenceProbed, this, &Controller::referenceProbed);
  connect(f, &EngineWorker::referencePreview, this, &Controller::referencePreview);
  connect(f, &EngineWorker::referenceFailed, this, &Controller::referenceFailed);
  connect(f, &EngineWorker::motionReady, this, &Controller::motionReady);
  connect(f, &EngineWorker::motionFailed, this, &Controller::motionFailed);
  auto features_done = [this] {
    features_running_ = false;
    if (features_waiting_) startFeatures();
  };
  connect(f, &EngineWorker::featuresReady, this, [this, features_done](int id, const FeatureOutput& output) {
    features_done();
    if (!features_running_) Q_EMIT featuresReady(id, output);  // a newer request supersedes this answer
  });
  connect(f, &EngineWorker::featuresFailed, this, [this, features_done](int id, const QString& error) {
    features_done();
    if (!features_running_) Q_EMIT featuresFailed(id, error);
  });
  generation_thread_.start();
  feature_thread_.start();
}

Controller::~Controller() {
  for (int id : queue_) jobs_[id].state = JobState::Cancelled;
  queue_.clear();
  if (running_) generation_worker_->cancelJob(running_);
  feature_worker_->cancel();
  generation_thread_.quit();
  feature_thread_.quit();
  generation_thread_.wait();
  feature_thread_.wait();
}

int Controller::submitGeneration(const GenerationSettings& settings, const QString& result_folder) {
  const int id = next_id_++;
  jobs_.insert(id, Job{settings, result_folder, JobState::Queued});
  queue_.append(id);
  const QString prompt = settings.prompt.simplified();
  Q_EMIT jobQueued(id, prompt.size() > 60 ? prompt.left(57) + "..." : prompt);
  if (!running_ && queue_.size() == 1) Q_EMIT busyChanged(true);
  startNext();
  return id;
}

void Controller::startNext() {
  if (running_ || queue_.isEmpty()) return;
  running_ = queue_.takeFirst();
  Job& job = jobs_[running_];
  job.state = JobState::Running;
  GenerationJob work{running_, job.settings, engine_, job.folder};
  EngineWorker* worker = generation_worker_;
  QMetaObject::invokeMethod(worker, [worker, work] { worker->runGeneration(work); }, Qt::QueuedConnection);
}

void Controller::finishJob(int id, JobState state, const QString& message) {
  if (!jobs_.contains(id)) return;
  jobs_[id].state = state;
  Q_EMIT jobStateChanged(id, state, message);
  if (id == running_) {
    running_ = 0;
    startNext();
  }
  if (!busy()) Q_EMIT busyChanged(false);
}

void Controller::cancelJob(int id) {
  if (!jobs_.contains(id)) return;
  if (queue_.removeOne(id)) {
    finishJob(id, JobState::Cancelled, tr("Cancelled before it started"));
  } else if (id == running_) {
    generation_worker_->cancelJob(id);
  }
}

void Controller::cancelAll() {
  const QVector<int> queued = queue_;
  for (int id : queued) cancelJob(id);
  if (running_) cancelJob(running_);
}

JobState Controller::jobState(int id) const { return jobs_.value(id).state; }

GenerationSettings Controller::jobSettings(int id) const { return jobs_.value(id).settings; }

QString Controller::jobFolder(int id) const { return jobs_.value(id).folder; }

void Controller::probeReferences(const QStringList& paths) {
  if (paths.isEmpty()) return;
  EngineWorker* worker = feature_worker_;
  QMetaObject::invokeMethod(worker, [worker, paths] { worker->probeReferences(paths); }, Qt::QueuedConnection);
}

void Controller::requestMotion(const QStringList& videos) {
  if (videos.isEmpty()) return;
  EngineWorker* worker = feature_worker_;
  QMetaObject::invokeMethod(worker, [worker, videos] { worker->computeMotion(videos); }, Qt::QueuedConnection);
}

int Controller::requestFeatures(const GenerationSettings& settings, const QStringList& generated) {
  next_features_ = FeatureJob{next_feature_id_++, settings, generated, engine_};
  features_waiting_ = true;
  if (!features_running_) startFeatures();
  return next_features_.id;
}

void Controller::startFeatures() {
  features_waiting_ = false;
  features_running_ = true;
  EngineWorker* worker = feature_worker_;
  const FeatureJob job = next_features_;
  QMetaObject::invokeMethod(worker, [worker, job] { worker->computeFeatures(job); }, Qt::QueuedConnection);
}
