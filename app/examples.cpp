#include "examples.h"

#include <QCoreApplication>

#include "aicl/actionworld.h"
#include "aicl/pipeline.h"

QVector<Example> loadExamples(QString* error) {
  QVector<Example> examples;
  try {
    for (const auto& set : aicl::actionworld::readExampleSets(aicl::defaultExamplesFolder())) {
      Example example;
      example.name = QString::fromStdString(set.name);
      example.held_out = aicl::actionworld::isHeldOut(set.action);
      QString phrase = QString::fromStdString(aicl::actionworld::actionPhrase(set.action));
      phrase[0] = phrase[0].toUpper();
      example.title = example.held_out
                          ? QCoreApplication::translate("Examples", "%1 (an action the model never learned)").arg(phrase)
                          : QCoreApplication::translate("Examples", "%1 (an action the model knows)").arg(phrase);
      example.prompt = QString::fromStdString(set.prompt);
      for (const auto& reference : set.references) {
        ReferenceEntry entry;
        entry.path = QString::fromStdString(reference.path.string());
        entry.caption = QString::fromStdString(reference.caption);
        example.references.append(entry);
      }
      examples.append(example);
    }
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    examples.clear();
  }
  return examples;
}
