// ActionWorld vocabulary: shapes, colours, backgrounds and actions, their names, phrases and palettes.
#include <string>
#include <type_traits>
#include <vector>

#include "aicl/actionworld.h"
#include "aicl/error.h"

namespace aicl::actionworld {
namespace {

struct ActionInfo {
  Action action;
  const char* name;
  const char* phrase;
  bool held_out;
};

const ActionInfo kActions[] = {
    {Action::MovingLeft, "moving_left", "moving left", false},
    {Action::MovingRight, "moving_right", "moving right", false},
    {Action::MovingUp, "moving_up", "moving up", false},
    {Action::MovingDown, "moving_down", "moving down", false},
    {Action::MovingDiagonally, "moving_diagonally", "moving diagonally", false},
    {Action::Circling, "circling", "circling", false},
    {Action::Bouncing, "bouncing", "bouncing", false},
    {Action::Shaking, "shaking", "shaking", false},
    {Action::Waving, "waving", "waving", false},
    {Action::Jumping, "jumping", "jumping", false},
    {Action::Growing, "growing", "growing", false},
    {Action::Shrinking, "shrinking", "shrinking", false},
    {Action::StandingStill, "standing_still", "standing still", false},
    {Action::Zigzagging, "zigzagging", "zigzagging", true},
    {Action::Spiraling, "spiraling", "spiraling", true},
    {Action::FigureEight, "figure_eight", "moving in a figure eight", true},
    {Action::Pulsing, "pulsing", "pulsing", true},
};

struct ShapeInfo {
  Shape shape;
  const char* name;
};
const ShapeInfo kShapes[] = {{Shape::Circle, "circle"},     {Shape::Square, "square"},
                             {Shape::Triangle, "triangle"}, {Shape::Diamond, "diamond"},
                             {Shape::Star, "star"},         {Shape::Cross, "cross"}};

// Subject colours: saturated and far apart from each other (>= 110 in RGB) and from every background (>=
// 120).
struct ColourInfo {
  Colour colour;
  const char* name;
  Rgb rgb;
};
const ColourInfo kColours[] = {
    {Colour::Red, "red", {230, 25, 35}},        {Colour::Green, "green", {30, 200, 40}},
    {Colour::Blue, "blue", {40, 90, 255}},      {Colour::Yellow, "yellow", {250, 235, 40}},
    {Colour::Purple, "purple", {165, 40, 215}}, {Colour::Orange, "orange", {255, 130, 0}},
    {Colour::White, "white", {245, 245, 245}},  {Colour::Cyan, "cyan", {30, 220, 230}},
};

struct BackgroundInfo {
  Background background;
  const char* name;
  Rgb rgb;
};
const BackgroundInfo kBackgrounds[] = {
    {Background::Black, "black", {0, 0, 0}},
    {Background::Gray, "gray", {90, 90, 90}},
    {Background::Navy, "navy", {10, 15, 80}},
    {Background::Brown, "brown", {90, 55, 20}},
};

template <typename Table>
std::string expectedNames(const Table& table) {
  std::string names;
  for (const auto& entry : table) names += (names.empty() ? "" : ", ") + std::string(entry.name);
  return names;
}

template <typename Table, typename Value>
const auto& lookup(const Table& table, Value value) {
  for (const auto& entry : table) {
    if constexpr (std::is_same_v<Value, Action>) {
      if (entry.action == value) return entry;
    } else if constexpr (std::is_same_v<Value, Shape>) {
      if (entry.shape == value) return entry;
    } else if constexpr (std::is_same_v<Value, Colour>) {
      if (entry.colour == value) return entry;
    } else {
      if (entry.background == value) return entry;
    }
  }
  throw Error("actionworld: invalid enum value " + std::to_string(static_cast<int>(value)));
}

}  // namespace

const std::vector<Action>& allActions() {
  static const std::vector<Action> list = [] {
    std::vector<Action> actions;
    for (const auto& info : kActions) actions.push_back(info.action);
    return actions;
  }();
  return list;
}

const std::vector<Action>& seenActions() {
  static const std::vector<Action> list = [] {
    std::vector<Action> actions;
    for (const auto& info : kActions)
      if (!info.held_out) actions.push_back(info.action);
    return actions;
  }();
  return list;
}

const std::vector<Action>& heldOutActions() {
  static const std::vector<Action> list = [] {
    std::vector<Action> actions;
    for (const auto& info : kActions)
      if (info.held_out) actions.push_back(info.action);
    return actions;
  }();
  return list;
}

bool isHeldOut(Action action) { return lookup(kActions, action).held_out; }

const std::vector<Shape>& allShapes() {
  static const std::vector<Shape> list = [] {
    std::vector<Shape> shapes;
    for (const auto& info : kShapes) shapes.push_back(info.shape);
    return shapes;
  }();
  return list;
}

const std::vector<Colour>& allColours() {
  static const std::vector<Colour> list = [] {
    std::vector<Colour> colours;
    for (const auto& info : kColours) colours.push_back(info.colour);
    return colours;
  }();
  return list;
}

const std::vector<Background>& allBackgrounds() {
  static const std::vector<Background> list = [] {
    std::vector<Background> backgrounds;
    for (const auto& info : kBackgrounds) backgrounds.push_back(info.background);
    return backgrounds;
  }();
  return list;
}

std::string actionName(Action action) { return lookup(kActions, action).name; }
std::string actionPhrase(Action action) { return lookup(kActions, action).phrase; }
std::string withoutActionPhrase(const std::string& caption, Action action) {
  const std::string phrase = actionPhrase(action);
  const auto at = caption.find(phrase);
  if (at == std::string::npos)
    throw Error("the caption \"" + caption + "\" does not contain its action's phrase \"" + phrase + "\"");
  std::string stripped = caption.substr(0, at) + caption.substr(at + phrase.size());
  const auto doubled = stripped.find("  ");
  if (doubled != std::string::npos) stripped.erase(doubled, 1);
  const auto first = stripped.find_first_not_of(' '), last = stripped.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : stripped.substr(first, last - first + 1);
}

std::string shapeName(Shape shape) { return lookup(kShapes, shape).name; }
std::string colourName(Colour colour) { return lookup(kColours, colour).name; }
std::string backgroundName(Background background) { return lookup(kBackgrounds, background).name; }
Rgb colourRgb(Colour colour) { return lookup(kColours, colour).rgb; }
Rgb backgroundRgb(Background background) { return lookup(kBackgrounds, background).rgb; }

Action parseAction(const std::string& name) {
  for (const auto& info : kActions)
    if (name == info.name) return info.action;
  throw Error("unknown action '" + name + "' (expected one of " + expectedNames(kActions) + ")");
}

Shape parseShape(const std::string& name) {
  for (const auto& info : kShapes)
    if (name == info.name) return info.shape;
  throw Error("unknown shape '" + name + "' (expected one of " + expectedNames(kShapes) + ")");
}

Colour parseColour(const std::string& name) {
  for (const auto& info : kColours)
    if (name == info.name) return info.colour;
  throw Error("unknown colour '" + name + "' (expected one of " + expectedNames(kColours) + ")");
}

Background parseBackground(const std::string& name) {
  for (const auto& info : kBackgrounds)
    if (name == info.name) return info.background;
  throw Error("unknown background '" + name + "' (expected one of " + expectedNames(kBackgrounds) + ")");
}

}  // namespace aicl::actionworld
