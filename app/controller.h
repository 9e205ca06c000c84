#pragma once
// Between the GUI and the engine: owns two worker threads (generations on one; probing references and the
// Action Prism features on the other, so the plot updates while a generation runs) and the job queue. Jobs run
// one at a time in submission order; each is Queued, Running, then Done, Failed or Cancelled. All methods are
// called from the GUI thread; the signals arrive there.
#include <QHash>
#include <QObject>
#include <QThread>
#include <QVector>
#include <memory>

#include "engine_worker.h"
#include "job_state.h"

Q_DECLARE_METATYPE(JobState)

class Controller : public QObject {
  Q_OBJECT
 public:
  explicit Controller(QObject* parent = nullptr);
  ~Controller() override;  // cancels what runs and joins the threads

  void setEngineConfig(const EngineConfig& config) { engine_ = config; }
  const EngineConfig& engineConfig() const { return engine_; }

  // Queues a generation whose videos go to `result_folder`; returns the job id (from 1).
  int submitGeneration(const GenerationSettings& settings, const QString& result_folder);
  // A queued job is cancelled at once; a running one stops within one denoising step and skips its decode.
  void cancelJob(int id);
  void cancelAll();
  JobState jobState(int id) const;
  GenerationSettings jobSettings(int id) const;
  QString jobFolder(int id) const;
  int runningJob() const { return running_; }
  bool busy() const { return running_ != 0 || !queue_.isEmpty(); }

  // Probes the files on the feature worker: referenceProbed / referencePreview / referenceFailed.
  void probeReferences(const QStringList& paths);
  // Computes the features of these references (and generated videos); only the latest request is answered,
  // earlier ones still waiting are dropped. Returns the request id.
  int requestFeatures(const GenerationSettings& settings, const QStringList& generated = {});
  // The motion view's optical flow of these video files, on the feature worker (cached there per file):
  // one motionReady or motionFailed per file.
  void requestMotion(const QStringList& videos);

  EngineWorker* generationWorker() const { return generation_worker_; }
  EngineWorker* featureWorker() const { return feature_worker_; }

 Q_SIGNALS:
  void jobQueued(int id, const QString& title);
  void jobStateChanged(int id, JobState state, const QString& message);
  void jobProgress(int id, int step, int steps, double eta_seconds);
  void jobPreview(int id, int step, const QVector<QImage>& frames);
  void jobDone(int id, const GenerationOutput& output);
  void busyChanged(bool busy);

  void referenceProbed(const QString& path, const QString& properties, const QImage& thumbnail);
  void referencePreview(const QString& path, const QVector<QImage>& frames);
  void referenceFailed(const QString& path, const QString& error);
  void featuresReady(int request, const FeatureOutput& output);
  void featuresFailed(int request, const QString& error);
  void motionReady(const VideoMotion& motion);
  void motionFailed(const QString& video, const QString& error);

 private:
  struct Job {
    GenerationSettings settings;
    QString folder;
    JobState state = JobState::Queued;
  };
  void startNext();
  void finishJob(int id, JobState state, const QString& message);
  void startFeatures();

  std::shared_ptr<class PipelineCache> pipelines_;
  QThread generation_thread_;
  QThread feature_thread_;
  EngineWorker* generation_worker_;
  EngineWorker* feature_worker_;
  EngineConfig engine_;
  QHash<int, Job> jobs_;
  QVector<int> queue_;
  int running_ = 0;
  int next_id_ = 1;
  // Features: one request at the worker at a time, plus the latest waiting one.
  bool features_running_ = false;
  bool features_waiting_ = false;
  FeatureJob next_features_;
  int next_feature_id_ = 1;
};
