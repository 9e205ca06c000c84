#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "app_settings.h"
#include "settings_dialog.h"

namespace {
AppSettings custom() {
  AppSettings settings;
  settings.model_folder = "/models/action world";
  settings.adapter_folder = "/adapters/\u00fcber";
  settings.threads = 6;
  settings.device = "cuda";
  settings.dtype = "f16";
  settings.project_folder = "/home/me/AICL results";
  settings.language = "zh_CN";
  return settings;
}

bool itemEnabled(QComboBox* combo, const QString& value) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  return model && model->item(combo->findData(value))->isEnabled();
}

template <typename T>
T* child(const QWidget& parent, const char* name) {
  return parent.findChild<T*>(name);
}

// Polls for the next modal dialog that `owner` opens: a file dialog gets `answer` (which must close it); anything
// else is closed.
void answerNextFileDialog(QDialog& owner, QTimer& picker, std::function<void(QFileDialog&)> answer) {
  picker.setInterval(20);
  QObject::connect(&picker, &QTimer::timeout, &owner, [&owner, &picker, answer] {
    QWidget* modal = QApplication::activeModalWidget();
    if (!modal || modal == &owner) return;
    picker.stop();
    if (auto* files = qobject_cast<QFileDialog*>(modal))
      answer(*files);
    else
      modal->close();
  });
  picker.start();
}

}  // namespace

class TestSettingsDialog : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    // The file dialog is Qt's own, so the test can drive it.
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
  }

  void missingKeysTakeTheDefaults() {
    QSettings store(dir_.filePath("empty.ini"), QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(store);
    QVERIFY(loaded == AppSettings{});
    QCOMPARE(loaded.device, QString("cpu"));
    QCOMPARE(loaded.dtype, QString("f32"));
    QCOMPARE(loaded.language, QString());  // the system's language
    QCOMPARE(loaded.threads, 0);
    QVERIFY(loaded.projectFolderOrDefault().endsWith("AICL Studio"));
  }

  void saveAndLoadRoundTrip() {
    const QString path = dir_.filePath("round_trip.ini");
    {
      QSettings store(path, QSettings::IniFormat);
      custom().save(store);
    }
    QSettings store(path, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(store);
    QCOMPARE(loaded.model_folder, custom().model_folder);
    QCOMPARE(loaded.adapter_folder, custom().adapter_folder);
    QCOMPARE(loaded.threads, 6);
    QCOMPARE(loaded.device, QString("cuda"));
    QCOMPARE(loaded.dtype, QString("f16"));
    QCOMPARE(loaded.project_folder, custom().project_folder);
    QCOMPARE(loaded.language, QString("zh_CN"));
    QVERIFY(loaded == custom());
  }

  void theApplicationsOwnSettingsRoundTrip() {
    // QSettings() without a file: the application's own settings, here in the temporary folder.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath("user"));
    QSettings::setDefaultFormat(QSettings::NativeFormat);
    QCoreApplication::setOrganizationName("aicl-test");
    QCoreApplication::setApplicationName("test_settings_dialog");
    custom().saveToQSettings();
    QVERIFY(QFileInfo::exists(dir_.filePath("user/aicl-test/test_settings_dialog.conf")));
    QVERIFY(AppSettings::fromQSettings() == custom());
  }

  void badValuesFallBackToTheDefaults() {
    const QString path = dir_.filePath("bad.ini");
    {
      QSettings store(path, QSettings::IniFormat);
      store.setValue("model/folder", "/models/kept");
      store.setValue("runtime/threads", "many");
      store.setValue("runtime/device", "tpu");
      store.setValue("runtime/dtype", "f64");
      store.setValue("ui/language", "fr");
    }
    {
      QSettings store(path, QSettings::IniFormat);
      const AppSettings loaded = AppSettings::load(store);
      QCOMPARE(loaded.model_folder, QString("/models/kept"));
      QCOMPARE(loaded.threads, 0);
      QCOMPARE(loaded.device, QString("cpu"));
      QCOMPARE(loaded.dtype, QString("f32"));
      QCOMPARE(loaded.language, QString());
    }
    for (const QVariant& threads : {QVariant(-3), QVariant(AppSettings::kMaxThreads + 1)}) {
      QSettings store(path, QSettings::IniFormat);
      store.setValue("runtime/threads", threads);
      QCOMPARE(AppSettings::load(store).threads, 0);
    }
    // Half precision on the CPU would fail at the first generation.
    QSettings store(path, QSettings::IniFormat);
    store.setValue("runtime/device", "cpu");
    store.setValue("runtime/dtype", "f16");
    QCOMPARE(AppSettings::load(store).dtype, QString("f32"));
    store.setValue("runtime/dtype", "bf16");
    QCOMPARE(AppSettings::load(store).dtype, QString("bf16"));
  }

  void dialogShowsAndReturnsTheSettings() {
    SettingsDialog dialog;
    QVERIFY(dialog.settings() == AppSettings{});
    dialog.setSettings(custom());
    QVERIFY(dialog.settings() == custom());
    QCOMPARE(child<QLineEdit>(dialog, "modelFolder")->text(), custom().model_folder);
    QCOMPARE(child<QComboBox>(dialog, "language")->currentText(), QString("\u7b80\u4f53\u4e2d\u6587"));
    QCOMPARE(child<QSpinBox>(dialog, "threads")->value(), 6);

    // Edits show up in settings().
    child<QSpinBox>(dialog, "threads")->setValue(0);
    QCOMPARE(child<QSpinBox>(dialog, "threads")->text(), QString("automatic"));
    auto* language = child<QComboBox>(dialog, "language");
    language->setCurrentIndex(language->findData("de"));
    child<QLineEdit>(dialog, "projectFolder")->setText("  /data/out  ");
    const AppSettings edited = dialog.settings();
    QCOMPARE(edited.threads, 0);
    QCOMPARE(edited.language, QString("de"));
    QCOMPARE(edited.project_folder, QString("/data/out"));

    // Values it does not offer show the defaults.
    AppSettings odd;
    odd.device = "tpu";
    odd.language = "fr";
    odd.threads = -2;
    dialog.setSettings(odd);
    QVERIFY(dialog.settings() == AppSettings{});
  }

  void languagesAreNamedInTheirOwnWords() {
    SettingsDialog dialog;
    auto* language = child<QComboBox>(dialog, "language");
    QStringList names;
    for (int i = 1; i < language->count(); ++i) names << language->itemText(i);
    QCOMPARE(names, QStringList({"English", "\u7b80\u4f53\u4e2d\u6587", "Deutsch"}));
    // The first entry follows the system and is the default.
    QCOMPARE(language->itemData(0).toString(), QString());
    dialog.setSettings(AppSettings{});
    QCOMPARE(language->currentIndex(), 0);
    // The language applies at once (the main window switches it on OK): no note about a restart.
    QVERIFY(!dialog.findChild<QLabel*>("languageNote"));
  }

  void withoutCudaOnlyTheCpuChoicesRemain() {
    SettingsDialog dialog;
    dialog.setSettings(custom());  // cuda, f16
    auto* device = child<QComboBox>(dialog, "device");
    auto* dtype = child<QComboBox>(dialog, "dtype");
    QVERIFY(itemEnabled(device, "cuda"));
    QVERIFY(itemEnabled(dtype, "f16"));

    dialog.setCudaAvailable(false);
    QCOMPARE(dialog.settings().device, QString("cpu"));
    QCOMPARE(dialog.settings().dtype, QString("f32"));
    QVERIFY(!itemEnabled(device, "cuda"));
    QVERIFY(!itemEnabled(dtype, "f16"));
    QVERIFY(itemEnabled(dtype, "bf16"));
    dtype->setCurrentIndex(dtype->findData("bf16"));
    QCOMPARE(dialog.settings().dtype, QString("bf16"));
    dialog.setSettings(custom());  // a saved CUDA setting shows the CPU here
    QCOMPARE(dialog.settings().device, QString("cpu"));

    // With CUDA, f16 follows the device.
    dialog.setCudaAvailable(true);
    QVERIFY(itemEnabled(device, "cuda"));
    QVERIFY(!itemEnabled(dtype, "f16"));  // still on the CPU
    device->setCurrentIndex(device->findData("cuda"));
    QVERIFY(itemEnabled(dtype, "f16"));
    dtype->setCurrentIndex(dtype->findData("f16"));
    QCOMPARE(dialog.settings().dtype, QString("f16"));
    device->setCurrentIndex(device->findData("cpu"));
    QCOMPARE(dialog.settings().dtype, QString("f32"));
  }

  void typingAModelFolderIsReportedOnceItPauses() {
    SettingsDialog dialog;
    dialog.setSettings(custom());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy model_changes(&dialog, &SettingsDialog::modelFolderChanged);
    QSignalSpy adapter_changes(&dialog, &SettingsDialog::adapterFolderChanged);
    auto* model = child<QLineEdit>(dialog, "modelFolder");
    model->clear();
    QTest::keyClicks(model, "/models/tiny");
    QCOMPARE(model_changes.count(), 0);  // not per keystroke
    QTRY_COMPARE(model_changes.count(), 1);
    QCOMPARE(model_changes.at(0).at(0).toString(), QString("/models/tiny"));
    Q_EMIT model->editingFinished();  // the same folder again: not reported twice
    QCOMPARE(model_changes.count(), 1);
    QTest::keyClicks(model, "2");
    Q_EMIT model->editingFinished();  // leaving the field reports at once
    QCOMPARE(model_changes.count(), 2);
    QCOMPARE(model_changes.at(1).at(0).toString(), QString("/models/tiny2"));
    QTest::qWait(SettingsDialog::kFolderPauseMs + 200);
    QCOMPARE(model_changes.count(), 2);
    dialog.setSettings(AppSettings{});  // the owner's own change is not reported
    QCOMPARE(model_changes.count(), 2);
    QCOMPARE(adapter_changes.count(), 0);
  }

  void browsingChoosesAFolder() {
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy adapter_changes(&dialog, &SettingsDialog::adapterFolderChanged);
    const QString chosen = dir_.path();
    bool saw_dialog = false;
    QTimer picker;
    answerNextFileDialog(dialog, picker, [&](QFileDialog& files) {
      saw_dialog = true;
      files.setDirectory(chosen);
      static_cast<QDialog&>(files).accept();  // QFileDialog::accept(), as its Choose button does
    });
    QTest::mouseClick(child<QPushButton>(dialog, "adapterBrowse"), Qt::LeftButton);
    QVERIFY(saw_dialog);
    QCOMPARE(child<QLineEdit>(dialog, "adapterFolder")->text(), QDir::toNativeSeparators(chosen));
    QCOMPARE(adapter_changes.count(), 1);
    QCOMPARE(adapter_changes.at(0).at(0).toString(), QDir::toNativeSeparators(chosen));
    QCOMPARE(dialog.settings().adapter_folder, QDir::toNativeSeparators(chosen));
  }

  // A checkpoint file (e.g. EchoReel's checkpoint.pt) can be the model: the Checkpoint button picks a file.
  void aCheckpointFileCanBeTheModel() {
    const QString checkpoint = dir_.filePath("checkpoint.pt");
    QFile file(checkpoint);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy model_changes(&dialog, &SettingsDialog::modelFolderChanged);
    bool picked_a_file = false;
    QTimer picker;
    answerNextFileDialog(dialog, picker, [&](QFileDialog& files) {
      picked_a_file = files.fileMode() == QFileDialog::ExistingFile;
      // Typed into its file name field: the folder listing may still hold the folder-only view of an earlier
      // dialog, where selectFile() finds no file.
      if (auto* name = files.findChild<QLineEdit*>("fileNameEdit")) name->setText(checkpoint);
      static_cast<QDialog&>(files).done(QDialog::Accepted);  // as its Open button, once the file exists
    });
    QTest::mouseClick(child<QPushButton>(dialog, "checkpointBrowse"), Qt::LeftButton);
    QVERIFY(picked_a_file);
    QCOMPARE(dialog.settings().model_folder, QDir::toNativeSeparators(checkpoint));
    QCOMPARE(model_changes.count(), 1);
  }

  void modelDescriptionShowsErrorsInRed() {
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* label = child<QLabel>(dialog, "modelDescription");
    QVERIFY(!label->isVisible());  // nothing to say yet
    auto hasRed = [&] {
      const QImage image = label->grab().toImage();
      for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
          const QColor colour = image.pixelColor(x, y);
          if (colour.red() > 150 && colour.green() < 100 && colour.blue() < 100) return true;
        }
      return false;
    };
    dialog.setModelDescription("UNet3D, 1.4 B parameters, f16; adapter: AICL (prism + integration)", true);
    QVERIFY(label->isVisible());
    QVERIFY(label->text().contains("UNet3D"));
    QVERIFY(dialog.modelDescriptionOk());
    QVERIFY(!hasRed());
    dialog.setModelDescription("not a model folder: unet/config.json is missing", false);
    QVERIFY(!dialog.modelDescriptionOk());
    QCOMPARE(dialog.modelDescription(), QString("not a model folder: unet/config.json is missing"));
    QVERIFY(hasRed());

    const QString artifacts = QString(AICL_BINARY_DIR) + "/test-artifacts";
    QDir().mkpath(artifacts);
    QVERIFY(dialog.grab().save(artifacts + "/settings_dialog.png"));
  }

  void everyControlHasATooltip() {
    SettingsDialog dialog;
    int checked = 0;
    for (QWidget* widget : dialog.findChildren<QWidget*>()) {
      // The parts of a compound control (a spin box's line edit, a line edit's clear button) are not counted.
      QObject* parent = widget->parent();
      if (qobject_cast<QLineEdit*>(parent) || qobject_cast<QAbstractSpinBox*>(parent) ||
          qobject_cast<QComboBox*>(parent))
        continue;
      const bool is_control = qobject_cast<QAbstractButton*>(widget) ||
                              qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QComboBox*>(widget) ||
                              qobject_cast<QLineEdit*>(widget);
      if (!is_control) continue;
      ++checked;
      QVERIFY2(!widget->toolTip().isEmpty(),
               qPrintable(widget->objectName() + " " + widget->metaObject()->className()));
    }
    QCOMPARE(checked, 13);  // 3 folders + 3 browse buttons + Checkpoint, threads, device, precision, language, OK, Cancel
  }

 private:
  QTemporaryDir dir_;
};

QTEST_MAIN(TestSettingsDialog)
#include "test_settings_dialog.moc"
