#include "project_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUuid>

#include "aicl/logging.h"

namespace {

constexpr const char* kSession = "session.json";
constexpr const char* kResult = "result.json";

QJsonObject readJson(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (error) *error = QString("%1: %2").arg(path, file.errorString());
    return {};
  }
  QJsonParseError parse{};
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parse);
  if (!document.isObject()) {
    if (error) *error = QString("%1: not a JSON object (%2)").arg(path, parse.errorString());
    return {};
  }
  return document.object();
}

}  // namespace

ProjectStore::ProjectStore(const QString& folder) : folder_(folder) { QDir().mkpath(resultsFolder()); }

QString ProjectStore::resultsFolder() const { return QDir(folder_).filePath("results"); }

bool ProjectStore::writeJson(const QString& path, const QJsonObject& json) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit()) {
    last_error_ = QString("%1: %2").arg(path, file.errorString());
    aicl::logger()->error("{}", last_error_.toStdString());
    return false;
  }
  return true;
}

bool ProjectStore::saveSession(const GenerationSettings& settings) {
  return writeJson(QDir(folder_).filePath(kSession), settings.toJson());
}

bool ProjectStore::loadSession(GenerationSettings& settings) {
  const QString path = QDir(folder_).filePath(kSession);
  if (!QFileInfo::exists(path)) return false;
  const QJsonObject json = readJson(path, &last_error_);
  if (json.isEmpty()) {
    aicl::logger()->warn("{}", last_error_.toStdString());
    return false;
  }
  settings = GenerationSettings::fromJson(json);
  return true;
}

QString ProjectStore::newResultFolder() {
  // Sortable by time; the random suffix keeps two jobs of the same millisecond apart.
  const QString id = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz") + "-" +
                     QUuid::createUuid().toString(QUuid::Id128).left(6);
  const QString path = QDir(resultsFolder()).filePath(id);
  QDir().mkpath(path);
  return path;
}

bool ProjectStore::saveResult(ResultRecord& record, const QImage& thumbnail) {
  const QDir folder(record.folder);
  record.id = folder.dirName();
  if (!thumbnail.isNull()) thumbnail.save(folder.filePath("thumbnail.png"));
  const QJsonObject json{{"created", record.created.toString(Qt::ISODateWithMs)},
                         {"settings", record.settings.toJson()},
                         {"engine_settings", QJsonDocument::fromJson(record.engine_settings.toUtf8()).object()},
                         {"video", QFileInfo(record.video).fileName()},
                         {"baseline_video", QFileInfo(record.baseline_video).fileName()},
                         {"seconds", record.seconds},
                         {"fps", record.fps}};
  return writeJson(folder.filePath(kResult), json);
}

// A result folder's name: one path component inside results/, never a way out of it.
bool ProjectStore::isResultId(const QString& id) { return !(id.isEmpty() || id.contains('/') || id.contains("..")); }

std::optional<ResultRecord> ProjectStore::result(const QString& id) const {
  if (!isResultId(id)) return std::nullopt;
  const QDir folder(QDir(resultsFolder()).filePath(id));
  if (!QFileInfo::exists(folder.filePath(kResult))) return std::nullopt;
  QString error;
  const QJsonObject json = readJson(folder.filePath(kResult), &error);
  if (json.isEmpty()) {
    aicl::logger()->warn("{}", error.toStdString());
    return std::nullopt;
  }
  ResultRecord record;
  record.id = id;
  record.folder = folder.absolutePath();
  record.created = QDateTime::fromString(json.value("created").toString(), Qt::ISODateWithMs);
  record.settings = GenerationSettings::fromJson(json.value("settings").toObject());
  record.engine_settings = QString::fromUtf8(QJsonDocument(json.value("engine_settings").toObject()).toJson(QJsonDocument::Compact));
  const QString video = json.value("video").toString();
  const QString baseline = json.value("baseline_video").toString();
  record.video = video.isEmpty() ? QString() : folder.filePath(video);
  record.baseline_video = baseline.isEmpty() ? QString() : folder.filePath(baseline);
  record.seconds = json.value("seconds").toDouble();
  record.fps = json.value("fps").toDouble(8.0);
  return record;
}

QVector<ResultRecord> ProjectStore::results() const {
  QVector<ResultRecord> records;
  const QDir results(resultsFolder());
  for (const QString& name : results.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed))
    if (auto record = result(name)) records.append(*record);
  return records;
}

bool ProjectStore::removeResult(const QString& id) {
  if (!isResultId(id)) return false;
  QDir folder(QDir(resultsFolder()).filePath(id));
  return folder.exists() && folder.removeRecursively();
}

QString ProjectStore::thumbnailPath(const ResultRecord& record) {
  return QDir(record.folder).filePath("thumbnail.png");
}
