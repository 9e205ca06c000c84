#pragma once
// What one generation is made from, as the user set it: prompt, sampling settings, references. Saved with every
// result (so "reuse settings" restores it exactly) and in the session file; converted to the engine's request in
// the worker. Plain Qt types: no engine or torch headers.
#include <QJsonObject>
#include <QString>
#include <QVector>

#include "reference_list.h"

struct GenerationSettings {
  QString prompt;
  QString negative_prompt;
  quint64 seed = 0;
  bool seed_locked = false;  // unlocked: every Generate draws a new seed
  int steps = 25;
  double guidance = 9.0;
  int frames = 16;
  int width = 0;   // 0: the model's native size
  int height = 0;
  QString scheduler = "ddim";  // "ddim" | "dpm++"
  double aicl_scale = 1.0;
  QString mode = "both";  // "baseline" | "aicl" | "both"
  QString device = "cpu";
  QString dtype = "f32";
  QVector<ReferenceEntry> references;

  QJsonObject toJson() const;
  // Missing or invalid values keep their defaults, so an older or hand-edited file still loads.
  static GenerationSettings fromJson(const QJsonObject& json);
  bool operator==(const GenerationSettings& other) const;
  bool operator!=(const GenerationSettings& other) const { return !(*this == other); }
};

// Limits that keep a request within what the engine accepts, checked before a job is queued.
constexpr int kMaxPromptCharacters = 2000;
// An empty string when the settings can run; otherwise what is wrong, for the user.
QString validationError(const GenerationSettings& settings);
