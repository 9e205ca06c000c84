// The Qt Linguist files (translations/*.ts): every finished translation keeps its source's placeholders, accelerator
// and edge whitespace, and the compiled .qm files the program embeds give exactly those translations.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#include <algorithm>

namespace {

struct Message {
  QString context, source, comment, translation, type;
  QStringList numerus_forms;
  bool numerus = false;
};

struct TsFile {
  QString language;
  QList<Message> messages;
};

TsFile readTs(const QString& path) {
  TsFile ts;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return ts;
  QXmlStreamReader xml(&file);
  QString context;
  Message message;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    const auto name = xml.name();
    if (name == QLatin1String("TS")) {
      ts.language = xml.attributes().value("language").toString();
    } else if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      message = Message{};
      message.context = context;
      message.numerus = xml.attributes().value("numerus") == QLatin1String("yes");
    } else if (name == QLatin1String("source")) {
      message.source = xml.readElementText();
    } else if (name == QLatin1String("comment")) {
      message.comment = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      message.type = xml.attributes().value("type").toString();
      if (message.numerus) {
        while (xml.readNextStartElement()) message.numerus_forms << xml.readElementText();
      } else {
        message.translation = xml.readElementText();
      }
      ts.messages << message;
    }
  }
  if (xml.hasError()) qWarning("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
  return ts;
}

QStringList placeholders(const QString& text) {
  static const QRegularExpression pattern("%(\\d{1,2}|n)");
  QStringList found;
  for (auto it = pattern.globalMatch(text); it.hasNext();) found << it.next().captured(0);
  std::sort(found.begin(), found.end());
  return found;
}

// The accelerator marks (& before a letter or digit; "&&" is a literal ampersand).
int accelerators(const QString& text) {
  static const QRegularExpression pattern("(?<!&)&(?!&)[^\\s&]");
  int count = 0;
  for (auto it = pattern.globalMatch(text); it.hasNext(); it.next()) ++count;
  return count;
}

bool finished(const Message& m) { return m.type.isEmpty(); }

QString sourceDir() { return QStringLiteral(AICL_SOURCE_DIR); }
QString tsPath(const QString& language) { return sourceDir() + "/translations/aicl_studio_" + language + ".ts"; }
QString qmPath(const QString& language) {
  return QStringLiteral(AICL_BINARY_DIR) + "/app/aicl_studio_" + language + ".qm";
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void files_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("ts_language");
    QTest::addColumn<int>("plural_forms");
    QTest::newRow("en") << "en" << "en_US" << 2;
    QTest::newRow("zh_CN") << "zh_CN" << "zh_CN" << 1;
    QTest::newRow("de") << "de" << "de_DE" << 2;
  }

  void files() {
    QFETCH(QString, language);
    QFETCH(QString, ts_language);
    QFETCH(int, plural_forms);
    const TsFile ts = readTs(tsPath(language));
    QVERIFY2(!ts.messages.isEmpty(), qPrintable(tsPath(language) + " has no messages"));
    QCOMPARE(ts.language, ts_language);

    int done = 0;
    for (const Message& m : ts.messages) {
      if (!finished(m)) continue;
      ++done;
      const QString where = m.context + " \"" + m.source + "\"";
      if (m.numerus) {
        QVERIFY2(m.numerus_forms.size() == plural_forms, qPrintable(where + ": wrong number of plural forms"));
        for (const QString& form : m.numerus_forms) {
          QVERIFY2(placeholders(form) == placeholders(m.source), qPrintable(where + ": placeholders in " + form));
        }
        continue;
      }
      if (m.translation.isEmpty()) continue;
      QVERIFY2(placeholders(m.translation) == placeholders(m.source),
               qPrintable(where + ": placeholders differ in \"" + m.translation + "\""));
      QVERIFY2(accelerators(m.translation) == accelerators(m.source),
               qPrintable(where + ": accelerators differ in \"" + m.translation + "\""));
      QVERIFY2(m.translation.count('\n') == m.source.count('\n'),
               qPrintable(where + ": line breaks differ in \"" + m.translation + "\""));
      QVERIFY2(m.translation.startsWith(' ') == m.source.startsWith(' ') &&
                   m.translation.endsWith(' ') == m.source.endsWith(' '),
               qPrintable(where + ": leading or trailing space differs in \"" + m.translation + "\""));
    }
    // New strings come in unfinished (translations/update.sh); they are reported, not failed.
    const auto open = std::count_if(ts.messages.cbegin(), ts.messages.cend(), [](const Message& m) {
      return m.type == QLatin1String("unfinished");
    });
    qInfo("%s: %d messages, %d finished, %d unfinished", qPrintable(language), int(ts.messages.size()), done,
          int(open));
    if (language != "en") QVERIFY2(done > 0, "no finished translation");
  }

  // The compiled file (what aicl-studio embeds as :/i18n/aicl_studio_<language>.qm) gives the .ts file's translations.
  void compiled_data() { files_data(); }

  void compiled() {
    QFETCH(QString, language);
    QTranslator translator;
    QVERIFY2(translator.load(qmPath(language)), qPrintable("cannot load " + qmPath(language)));
    const TsFile ts = readTs(tsPath(language));
    int checked = 0;
    for (const Message& m : ts.messages) {
      if (!finished(m)) continue;
      const QByteArray context = m.context.toUtf8(), source = m.source.toUtf8(), comment = m.comment.toUtf8();
      const char* disambiguation = m.comment.isEmpty() ? nullptr : comment.constData();
      if (m.numerus) {
        for (int n : {1, 2, 5}) {
          const QString got = translator.translate(context.constData(), source.constData(), disambiguation, n);
          QVERIFY2(m.numerus_forms.contains(got), qPrintable(m.source + " (n=" + QString::number(n) + "): " + got));
        }
        QCOMPARE(translator.translate(context.constData(), source.constData(), disambiguation, 1),
                 m.numerus_forms.first());
        ++checked;
      } else if (!m.translation.isEmpty()) {
        QCOMPARE(translator.translate(context.constData(), source.constData(), disambiguation), m.translation);
        ++checked;
      }
    }
    QVERIFY(checked > 0);
  }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
