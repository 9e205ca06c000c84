#pragma once
// The example reference sets shipped with the application (assets/examples, written by
// `aicl make-dataset actionworld --examples`), as the window loads them: Help > Examples and the empty
// References panel's link.
#include <QString>
#include <QVector>

#include "reference_list.h"

struct Example {
  QString name;   // "zigzagging": the menu action's object name is "example_<name>"
  QString action;  // "Zigzagging": the action in words
  QString title;   // "Zigzagging (an action the model never learned)": exampleTitle() when loaded
  bool held_out = false;
  QString prompt;
  QVector<ReferenceEntry> references;
};

// The menu title of `example` in the current language.
QString exampleTitle(const Example& example);

// The sets of the default examples folder; empty with `error` set when it is missing or broken.
QVector<Example> loadExamples(QString* error = nullptr);
