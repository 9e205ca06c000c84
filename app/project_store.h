#pragma once
// The project folder: the session (references, prompt and settings as they are now) and every result with its
// settings. Every write is atomic (QSaveFile), so a crash loses nothing that was saved and never leaves a
// half-written file.
//   FOLDER/session.json
//   FOLDER/results/<id>/result.json   settings, engine settings, files, time
//   FOLDER/results/<id>/aicl.mp4, baseline.mp4, thumbnail.png   H.264 previews
//   FOLDER/results/<id>/aicl.frames/, baseline.frames/           the same frames without loss (result_files.h)
#include <QDateTime>
#include <QImage>
#include <QString>
#include <QVector>

#include <optional>

#include "generation_settings.h"

struct ResultRecord {
  QString id;  // the folder's name
  QString folder;
  QDateTime created;
  GenerationSettings settings;
  QString engine_settings;  // the engine's JSON of the run
  QString video;            // absolute paths; baseline_video empty unless both were made
  QString baseline_video;
  double seconds = 0.0;
  double fps = 8.0;
};

class ProjectStore {
 public:
  explicit ProjectStore(const QString& folder);
  QString folder() const { return folder_; }

  // False (and the reason in lastError()) when the file cannot be written.
  bool saveSession(const GenerationSettings& settings);
  // The saved session; false when there is none or it does not parse (the defaults are left in `settings`).
  bool loadSession(GenerationSettings& settings);

  // A new, empty result folder for a job that is about to run.
  QString newResultFolder();
  // Writes result.json (and the thumbnail) into record.folder; the record's id is the folder name.
  bool saveResult(ResultRecord& record, const QImage& thumbnail);
  // Every result with a readable result.json, newest first; folders without one (a run that never finished)
  // are left out.
  QVector<ResultRecord> results() const;
  // One result by id (its folder name); nothing when it has no readable result.json.
  std::optional<ResultRecord> result(const QString& id) const;
  bool removeResult(const QString& id);
  static QString thumbnailPath(const ResultRecord& record);

  QString lastError() const { return last_error_; }

 private:
  static bool isResultId(const QString& id);
  bool writeJson(const QString& path, const QJsonObject& json);
  QString resultsFolder() const;

  QString folder_;
  QString last_error_;
};
