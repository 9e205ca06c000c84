#include "controller.h"

#include <QMetaObject>

Controller::Controller(QObject* parent) : QObject(parent), worker_(new EngineWorker) {
  thread_.setObjectName("engine-worker");
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &EngineWorker::jobFinished, this, [this] {
    if (--pending_jobs_ == 0) {
      busy_ = false;
      Q_EMIT busyChanged(false);
    }
  });
  thread_.start();
}

Controller::~Controller() {
  worker_->cancel();
  thread_.quit();
  thread_.wait();
}

void Controller::probeReferences(const QStringList& paths) {
  if (paths.isEmpty()) return;
  if (pending_jobs_++ == 0) {
    busy_ = true;
    Q_EMIT busyChanged(true);
  }
  QMetaObject::invokeMethod(worker_, "probeReferences", Qt::QueuedConnection, Q_ARG(QStringList, paths));
}

void Controller::cancel() { worker_->cancel(); }
