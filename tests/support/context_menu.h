#pragma once
// Opens the context menu of `viewport` at `pos` (a row of a list view) and, once the menu is up, returns its
// entries as "Text+" (enabled) or "Text-" (disabled) after triggering the one whose text is `pick`.
#include <QAbstractScrollArea>
#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QStringList>
#include <QTimer>

inline QStringList openContextMenuAndPick(QWidget* viewport, const QPoint& pos, const QString& pick) {
  QStringList entries;
  QTimer picker;
  picker.setInterval(10);
  QObject::connect(&picker, &QTimer::timeout, [&] {
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    if (!menu) return;
    picker.stop();
    for (QAction* action : menu->actions())
      if (!action->isSeparator()) entries << action->text() + (action->isEnabled() ? "+" : "-");
    for (QAction* action : menu->actions())
      if (action->text() == pick) action->trigger();
    menu->close();
  });
  picker.start();
  QContextMenuEvent event(QContextMenuEvent::Mouse, pos, viewport->mapToGlobal(pos));
  QApplication::sendEvent(viewport, &event);
  return entries;
}
