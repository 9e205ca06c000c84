// GenerationSettings: the JSON round trip that "reuse settings" and the session rely on, and the fall-back to
// defaults for values a hand-edited or damaged file gets wrong.
#include <QJsonArray>
#include <QtTest>

#include "generation_settings.h"

class TestGenerationSettings : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripsEveryField() {
    GenerationSettings s;
    s.prompt = "a red circle zigzagging on a black background";
    s.negative_prompt = "blurry";
    s.seed = 18446744073709551557ULL;  // beyond what a JSON double holds exactly
    s.seed_locked = true;
    s.steps = 31;
    s.guidance = 6.5;
    s.frames = 12;
    s.width = 96;
    s.height = 64;
    s.scheduler = "dpm++";
    s.aicl_scale = 0.75;
    s.mode = "aicl";
    s.device = "cuda";
    s.dtype = "bf16";
    ReferenceEntry a;
    a.path = "/videos/a.mp4";
    a.caption = "salsa";
    a.start = 1.5;
    a.end = 4.0;
    ReferenceEntry b;
    b.path = "/videos/b.webm";
    b.sampling = ReferenceEntry::Stride;
    b.sampling_value = 3;
    s.references = {a, b};
    const GenerationSettings back = GenerationSettings::fromJson(s.toJson());
    QVERIFY(back == s);
    QCOMPARE(back.seed, s.seed);
    QCOMPARE(back.references[1].sampling, ReferenceEntry::Stride);
  }

  void badValuesFallBackToDefaults() {
    QJsonObject json = GenerationSettings().toJson();
    json["steps"] = -4;
    json["guidance"] = "strong";
    json["mode"] = "sideways";
    json["dtype"] = "f8";
    json["seed"] = "not a number";
    json["prompt"] = QString(10000, 'x');
    json["references"] = QJsonArray{QJsonObject{{"path", "/a.mp4"}, {"start", 5.0}, {"end", 2.0}}, 7};
    const GenerationSettings s = GenerationSettings::fromJson(json);
    const GenerationSettings defaults;
    QCOMPARE(s.steps, defaults.steps);
    QCOMPARE(s.guidance, defaults.guidance);
    QCOMPARE(s.mode, defaults.mode);
    QCOMPARE(s.dtype, defaults.dtype);
    QCOMPARE(s.seed, defaults.seed);
    QCOMPARE(s.prompt.size(), kMaxPromptCharacters);
    QCOMPARE(s.references.size(), 1);
    QCOMPARE(s.references[0].end, -1.0);  // an end before the start means the whole clip
  }

  void validationNamesTheProblem() {
    GenerationSettings s;
    QVERIFY(validationError(s).contains("prompt"));
    s.prompt = "a blue square waving on a gray background";
    s.mode = "aicl";
    QVERIFY(validationError(s).contains("reference"));
    s.mode = "baseline";
    QVERIFY(validationError(s).isEmpty());
    s.dtype = "f16";
    QVERIFY(validationError(s).contains("CUDA"));
    s.dtype = "f32";
    s.prompt = QString(kMaxPromptCharacters + 1, 'a');
    QVERIFY(validationError(s).contains(QString::number(kMaxPromptCharacters)));
  }
};

QTEST_MAIN(TestGenerationSettings)
#include "test_generation_settings.moc"
