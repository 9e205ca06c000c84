// EvaluationTally: accuracies, per-action counts and the confusion matrix of judged clips.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "aicl/actionworld.h"

namespace aicl::actionworld {
namespace {

bool inSubset(Action action, const std::vector<Action>& subset) {
  return subset.empty() || std::find(subset.begin(), subset.end(), action) != subset.end();
}

nlohmann::json summary(const EvaluationTally& tally, const std::vector<Action>& subset, size_t clips) {
  nlohmann::json json = {{"clips", clips}};
  if (clips == 0) {
    json["action_accuracy"] = nullptr;
    json["appearance_accuracy"] = nullptr;
  } else {
    json["action_accuracy"] = tally.actionAccuracy(subset);
    json["appearance_accuracy"] = tally.appearanceAccuracy(subset);
  }
  return json;
}

}  // namespace

void EvaluationTally::add(Action expected, const Judgement& judgement, Shape expected_shape,
                          Colour expected_colour) {
  records_.push_back(
      {expected, judgement.action, judgement.shape == expected_shape && judgement.colour == expected_colour});
}

double EvaluationTally::actionAccuracy(const std::vector<Action>& subset) const {
  size_t total = 0, correct = 0;
  for (const auto& record : records_) {
    if (!inSubset(record.expected, subset)) continue;
    ++total;
    correct += record.judged == record.expected ? 1 : 0;
  }
  return total == 0 ? 0.0 : static_cast<double>(correct) / total;
}

double EvaluationTally::appearanceAccuracy(const std::vector<Action>& subset) const {
  size_t total = 0, correct = 0;
  for (const auto& record : records_) {
    if (!inSubset(record.expected, subset)) continue;
    ++total;
    correct += record.appearance_correct ? 1 : 0;
  }
  return total == 0 ? 0.0 : static_cast<double>(correct) / total;
}

std::string EvaluationTally::confusionJson() const {
  const auto& actions = allActions();
  nlohmann::json names = nlohmann::json::array();
  for (Action action : actions) names.push_back(actionName(action));
  std::vector<std::vector<int>> matrix(actions.size(), std::vector<int>(actions.size(), 0));
  for (const auto& record : records_)
    ++matrix[static_cast<size_t>(record.expected)][static_cast<size_t>(record.judged)];
  return nlohmann::json{{"actions", names}, {"matrix", matrix}}.dump();
}

std::string EvaluationTally::toJson() const {
  auto countOf = [&](const std::vector<Action>& subset) {
    return static_cast<size_t>(std::count_if(records_.begin(), records_.end(),
                                             [&](const Record& r) { return inSubset(r.expected, subset); }));
  };
  nlohmann::json json;
  json["clips"] = records_.size();
  json["overall"] = summary(*this, {}, records_.size());
  json["seen"] = summary(*this, seenActions(), countOf(seenActions()));
  json["held_out"] = summary(*this, heldOutActions(), countOf(heldOutActions()));
  nlohmann::json per_action = nlohmann::json::object();
  for (Action action : allActions()) {
    size_t clips = 0, correct = 0;
    for (const auto& record : records_) {
      if (record.expected != action) continue;
      ++clips;
      correct += record.judged == action ? 1 : 0;
    }
    per_action[actionName(action)] = {
        {"clips", clips},
        {"correct", correct},
        {"accuracy",
         clips == 0 ? nlohmann::json(nullptr) : nlohmann::json(static_cast<double>(correct) / clips)}};
  }
  json["per_action"] = per_action;
  json["confusion"] = nlohmann::json::parse(confusionJson());
  return json.dump();
}

}  // namespace aicl::actionworld
