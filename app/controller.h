#pragma once
// Owns the worker thread and its EngineWorker (Qt's Mandelbrot pattern): the GUI calls the controller, the
// controller queues jobs to the worker, and the worker's signals come back to the GUI thread.
#include <QObject>
#include <QThread>

#include "engine_worker.h"

class Controller : public QObject {
  Q_OBJECT
 public:
  explicit Controller(QObject* parent = nullptr);
  ~Controller() override;  // cancels the running job and joins the thread

  EngineWorker* worker() const { return worker_; }
  bool busy() const { return busy_; }

 public Q_SLOTS:
  void probeReferences(const QStringList& paths);
  void cancel();

 Q_SIGNALS:
  void busyChanged(bool busy);

 private:
  QThread thread_;
  EngineWorker* worker_;
  int pending_jobs_ = 0;
  bool busy_ = false;
};
