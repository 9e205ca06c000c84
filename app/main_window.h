#pragma once
// The main window: References, Prompt & settings, Preview, Comparison, Action features and Log regions.
#include <QMainWindow>

class Controller;
class DropZone;
class FeaturePlot;
class LogPanel;
class QPushButton;
class ReferenceListWidget;
class QtLogSink;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds reference videos: rows appear at once, probing runs on the worker thread.
  void addReferences(const QStringList& paths);

  DropZone* dropZone() const { return drop_zone_; }
  ReferenceListWidget* referenceList() const { return references_; }
  Controller* controller() const { return controller_; }
  LogPanel* logPanel() const { return log_panel_; }

 private:
  QWidget* buildSettingsPanel();
  QWidget* buildResultsArea();
  void buildMenus();
  void showAbout();

  Controller* controller_;
  DropZone* drop_zone_ = nullptr;
  ReferenceListWidget* references_ = nullptr;
  FeaturePlot* feature_plot_ = nullptr;
  LogPanel* log_panel_ = nullptr;
  QPushButton* generate_button_ = nullptr;
  std::shared_ptr<QtLogSink> log_sink_;
};
