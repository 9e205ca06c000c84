#pragma once
// Follows a file that another process writes (a trainer's CSV): polls it every interval and reacts to the file
// system's change notices, watching the file again after it was replaced by a rename (which drops it from the
// watcher). changed() says when the file exists and should be read again.
#include <QObject>
#include <QString>

class QFileSystemWatcher;
class QTimer;

class FileFollower : public QObject {
  Q_OBJECT

 public:
  explicit FileFollower(QObject* parent = nullptr);
  // Follows `path` (emitting changed() at once when it exists) until stop() or the next follow().
  void follow(const QString& path, int interval_ms);
  void stop();
  bool isFollowing() const;
  QString path() const { return path_; }

 Q_SIGNALS:
  void changed();

 private:
  void check();

  QString path_;
  QTimer* timer_;
  QFileSystemWatcher* watcher_;
};
