#include "examples.h"

#include <QCoreApplication>

#include "aicl/actionworld.h"
#include "aicl/pipeline.h"

QString exampleTitle(const Example& example) {
  return example.held_out
             ? QCoreApplication::translate("Examples", "%1 (an action the model never learned)").arg(example.action)
             : QCoreApplication::translate("Examples", "%1 (an action the model knows)").arg(example.action);
}

QVector<Example> loadExamples(QString* error) {
  QVector<Example> examples;
  try {
    for (const auto& set : aicl::actionworld::readExampleSets(aicl::defaultExamplesFolder())) {
      Example example;
      example.name = QString::fromStdString(set.name);
      example.held_out = aicl::actionworld::isHeldOut(set.action);
      example.action = QString::fromStdString(aicl::actionworld::actionPhrase(set.action));
      example.action[0] = example.action[0].toUpper();
      example.title = exampleTitle(example);
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
