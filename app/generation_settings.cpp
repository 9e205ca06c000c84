#include "generation_settings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>

namespace {

const QStringList kSchedulers{"ddim", "dpm++"};
const QStringList kModes{"baseline", "aicl", "both"};
const QStringList kDevices{"cpu", "cuda"};
const QStringList kDtypes{"f32", "bf16", "f16"};

QString oneOf(const QJsonObject& json, const char* key, const QStringList& allowed, const QString& fallback) {
  const QString value = json.value(key).toString();
  return allowed.contains(value) ? value : fallback;
}

int intIn(const QJsonObject& json, const char* key, int low, int high, int fallback) {
  const QJsonValue value = json.value(key);
  if (!value.isDouble()) return fallback;
  const double number = value.toDouble();
  return number >= low && number <= high ? static_cast<int>(number) : fallback;
}

double doubleIn(const QJsonObject& json, const char* key, double low, double high, double fallback) {
  const QJsonValue value = json.value(key);
  if (!value.isDouble()) return fallback;
  const double number = value.toDouble();
  return number >= low && number <= high ? number : fallback;
}

QJsonObject referenceToJson(const ReferenceEntry& entry) {
  return {{"path", entry.path},
          {"caption", entry.caption},
          {"start", entry.start},
          {"end", entry.end},
          {"sampling", entry.sampling == ReferenceEntry::Stride ? "stride" : "count"},
          {"sampling_value", entry.sampling_value}};
}

ReferenceEntry referenceFromJson(const QJsonObject& json) {
  ReferenceEntry entry;
  entry.path = json.value("path").toString();
  entry.caption = json.value("caption").toString();
  entry.start = doubleIn(json, "start", 0.0, 1e7, 0.0);
  entry.end = doubleIn(json, "end", -1.0, 1e7, -1.0);
  if (entry.end >= 0 && entry.end <= entry.start) entry.end = -1.0;
  entry.sampling = json.value("sampling").toString() == "stride" ? ReferenceEntry::Stride : ReferenceEntry::Count;
  entry.sampling_value = intIn(json, "sampling_value", 0, 10000, 0);
  if (entry.sampling == ReferenceEntry::Stride) entry.sampling_value = std::max(entry.sampling_value, 1);
  return entry;
}

}  // namespace

QJsonObject GenerationSettings::toJson() const {
  QJsonArray refs;
  for (const ReferenceEntry& entry : references) refs.append(referenceToJson(entry));
  // The seed as a string: JSON numbers lose 64-bit integers.
  return {{"prompt", prompt},      {"negative_prompt", negative_prompt},
          {"seed", QString::number(seed)}, {"seed_locked", seed_locked},
          {"steps", steps},        {"guidance", guidance},
          {"frames", frames},      {"width", width},
          {"height", height},      {"scheduler", scheduler},
          {"aicl_scale", aicl_scale}, {"mode", mode},
          {"device", device},      {"dtype", dtype},
          {"references", refs}};
}

GenerationSettings GenerationSettings::fromJson(const QJsonObject& json) {
  GenerationSettings s;
  s.prompt = json.value("prompt").toString().left(kMaxPromptCharacters);
  s.negative_prompt = json.value("negative_prompt").toString().left(kMaxPromptCharacters);
  bool ok = false;
  const quint64 seed = json.value("seed").toString().toULongLong(&ok);
  if (ok) s.seed = seed;
  s.seed_locked = json.value("seed_locked").toBool(false);
  s.steps = intIn(json, "steps", 1, 1000, s.steps);
  s.guidance = doubleIn(json, "guidance", 0.0, 50.0, s.guidance);
  s.frames = intIn(json, "frames", 1, 64, s.frames);
  s.width = intIn(json, "width", 0, 4096, s.width);
  s.height = intIn(json, "height", 0, 4096, s.height);
  s.scheduler = oneOf(json, "scheduler", kSchedulers, s.scheduler);
  s.aicl_scale = doubleIn(json, "aicl_scale", 0.0, 10.0, s.aicl_scale);
  s.mode = oneOf(json, "mode", kModes, s.mode);
  s.device = oneOf(json, "device", kDevices, s.device);
  s.dtype = oneOf(json, "dtype", kDtypes, s.dtype);
  for (const QJsonValue& value : json.value("references").toArray())
    if (value.isObject()) s.references.append(referenceFromJson(value.toObject()));
  return s;
}

bool GenerationSettings::operator==(const GenerationSettings& o) const {
  return toJson() == o.toJson();
}

QString validationError(const GenerationSettings& settings) {
  if (settings.prompt.trimmed().isEmpty()) return QCoreApplication::translate("GenerationSettings", "Enter a prompt.");
  if (settings.prompt.size() > kMaxPromptCharacters)
    return QCoreApplication::translate("GenerationSettings", "The prompt has %1 characters; at most %2 are used.")
        .arg(settings.prompt.size())
        .arg(kMaxPromptCharacters);
  if (settings.mode != "baseline" && settings.references.isEmpty())
    return QCoreApplication::translate("GenerationSettings",
                                       "Add at least one reference video for AICL, or choose the Baseline mode.");
  if (settings.device == "cpu" && settings.dtype == "f16")
    return QCoreApplication::translate("GenerationSettings", "f16 runs on CUDA only; choose f32 or bf16.");
  return {};
}
