#include "file_follower.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

#include <algorithm>

FileFollower::FileFollower(QObject* parent)
    : QObject(parent), timer_(new QTimer(this)), watcher_(new QFileSystemWatcher(this)) {
  connect(timer_, &QTimer::timeout, this, &FileFollower::check);
  connect(watcher_, &QFileSystemWatcher::fileChanged, this, &FileFollower::check);
}

void FileFollower::follow(const QString& path, int interval_ms) {
  stop();
  path_ = path;
  timer_->start(std::max(10, interval_ms));
  check();
}

void FileFollower::stop() {
  timer_->stop();
  if (!watcher_->files().isEmpty()) watcher_->removePaths(watcher_->files());
  path_.clear();
}

bool FileFollower::isFollowing() const { return timer_->isActive(); }

void FileFollower::check() {
  if (path_.isEmpty() || !QFileInfo::exists(path_)) return;  // not written yet (or being replaced): wait
  if (!watcher_->files().contains(path_)) watcher_->addPath(path_);
  Q_EMIT changed();
}
